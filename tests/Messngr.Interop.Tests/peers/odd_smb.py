#!/usr/bin/python3
"""Sends odd SMB1 messaging requests a real peer may send (issue #11 items 5-8) and prints each answer.

usage: odd_smb.py TARGET --to NAME [--called NAME#TT] CASE...

Opens one NBSS session (RFC 1002 §4.3.2) to TARGET:139 with the called name --called (default
--to, type 0x03) and runs the CASEs in order on it, so a later case shows whether the session
survived an earlier one. Each case prints one line "CASE: ANSWER", where ANSWER is
"reply class=CC code=CCCC nt=SSSSSSSS flags2=FFFF wct=N bcc=N" for an SMB reply (the status read
both ways), "closed" when the server closed the connection, or for the session request
"positive" / "negative 0xNN". Bytes are built by hand with struct ([MS-CIFS] 2.2.3.1, [MS-MSRP]
2.2.3); nothing is sent but the frames named here.
"""
import argparse
import os
import socket
import struct
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from nbss import encode_name, read_frame, session_message  # noqa: E402


def header(command, flags=0x00, flags2=0x0000):
    return b"\xffSMB" + struct.pack("<BIBH", command, 0, flags, flags2) + b"\x00" * 20


def smb(command, words=b"", data=b"", flags=0x00, flags2=0x0000, byte_count=None):
    count = len(data) if byte_count is None else byte_count
    return session_message(header(command, flags, flags2) + bytes([len(words) // 2]) + words + struct.pack("<H", count) + data)


def names(sender, to):
    return b"\x04" + sender + b"\x00" + b"\x04" + to + b"\x00"


def block(text, fmt=0x01, length=None):
    return bytes([fmt]) + struct.pack("<H", len(text) if length is None else length) + text


NEGOTIATE_DIALECTS = b"\x02PC NETWORK PROGRAM 1.0\x00\x02LANMAN1.0\x00\x02NT LM 0.12\x00"


def cases(to, text):
    good = names(b"carol", to) + block(text)
    return {
        "negotiate": smb(0x72, data=NEGOTIATE_DIALECTS, flags2=0xC001),
        "negotiate-again": smb(0x72, data=NEGOTIATE_DIALECTS, flags2=0xC001),
        "negotiate-core-only": smb(0x72, data=b"\x02PC NETWORK PROGRAM 1.0\x00"),
        "d0": smb(0xD0, data=good),
        "d0-wordcount-1": smb(0xD0, words=b"\x00\x00", data=good),
        "d0-no-04": smb(0xD0, data=b"\x02carol\x00" + good[7:]),
        "d0-05-block": smb(0xD0, data=names(b"carol", to) + block(text, fmt=0x05)),
        "d0-datalength-over-bytecount": smb(0xD0, data=names(b"carol", to) + block(text, length=len(text) + 40)),
        "d0-reply-flag": smb(0xD0, data=good, flags=0x80),
        "d0-trailing-nul": smb(0xD0, data=good + b"\x00"),
        "session-setup": smb(0x73, words=b"\xff\x00" + b"\x00" * 24, data=b"\x00\x00"),
        "echo": smb(0x2B, words=b"\x01\x00", data=b"x"),
        "d5": smb(0xD5, data=names(b"carol", to)),
        "d6": smb(0xD6, words=b"\x00\x00"),
        "d6-other-id": smb(0xD6, words=b"\x2a\x7a"),
    }


def text_block(group, chunk):
    return smb(0xD7, words=struct.pack("<H", group), data=block(chunk))


def describe(frame):
    if frame is None:
        return "closed"
    kind, payload = frame
    if kind != 0x00 or len(payload) < 35:
        return f"frame type 0x{kind:02x} {payload.hex()}"
    err_class, code = payload[5], struct.unpack_from("<H", payload, 7)[0]
    nt = struct.unpack_from("<I", payload, 5)[0]
    flags2 = struct.unpack_from("<H", payload, 10)[0]
    wct = payload[32]
    bcc = struct.unpack_from("<H", payload, 33 + 2 * wct)[0] if len(payload) >= 35 + 2 * wct else -1
    line = f"reply class={err_class:02x} code={code:04x} nt={nt:08x} flags2={flags2:04x} wct={wct} bcc={bcc}"
    if payload[4] == 0x72 and wct == 17:
        mode, caps, chal = payload[35], struct.unpack_from("<I", payload, 52)[0], payload[66]
        line += f" security={mode:02x} caps={caps:08x} challenge={chal}"
    if payload[4] == 0x72 and wct == 1:
        line += f" dialect={struct.unpack_from('<H', payload, 33)[0]:04x}"
    if payload[4] == 0xD5 and wct >= 1:
        line += f" group={struct.unpack_from('<H', payload, 33)[0]}"
    return line


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("target")
    parser.add_argument("--to", default="HOSTA")
    parser.add_argument("--called", default=None, help="NAME#TT; default --to#03")
    parser.add_argument("--text", default="odd")
    parser.add_argument("--blocks", type=int, default=40, help="127-byte blocks of the 'long' case")
    parser.add_argument("--group-offset", type=int, default=0, help="added to the group id of the 'long' case")
    parser.add_argument("cases", nargs="+")
    args = parser.parse_args()
    called, _, suffix = (args.called or f"{args.to}#03").partition("#")
    to = args.to.encode("ascii")
    text = args.text.encode("ascii")
    table = cases(to, text)

    sock = socket.create_connection((args.target, 139), timeout=15)
    body = encode_name(called, int(suffix or "03", 16)) + encode_name("PEER", 0x00)
    sock.sendall(struct.pack(">BBH", 0x81, 0, len(body)) + body)
    frame = read_frame(sock)
    if frame is None or frame[0] != 0x82:
        print("session: " + ("closed" if frame is None else f"negative 0x{frame[1][0]:02x}" if frame[0] == 0x83 else f"type 0x{frame[0]:02x}"), flush=True)
        return
    print("session: positive", flush=True)
    for name in args.cases:
        try:
            if name == "long":
                # D5, then --blocks 127-byte blocks (smbclient's size, protocols.md §6.4), then D6.
                sock.sendall(table["d5"])
                start = read_frame(sock)
                group = (struct.unpack_from("<H", start[1], 33)[0] if start and start[1][32] >= 1 else 0) + args.group_offset
                answers = [describe(start)]
                filler = (text + b" ") + b"".join(b"%04d " % i for i in range(2000))
                whole = filler[: 127 * args.blocks]
                for i in range(args.blocks):
                    sock.sendall(text_block(group & 0xFFFF, whole[127 * i:127 * (i + 1)]))
                    answers.append(describe(read_frame(sock)))
                sock.sendall(smb(0xD6, words=struct.pack("<H", group & 0xFFFF)))
                answers.append(describe(read_frame(sock)))
                distinct = sorted(set(answers[1:-1]))
                print(f"long: start [{answers[0]}] text {distinct} end [{answers[-1]}]", flush=True)
                continue
            sock.sendall(table[name])
            answer = describe(read_frame(sock))
        except OSError as error:
            answer = f"closed ({error.__class__.__name__})"
        print(f"{name}: {answer}", flush=True)
        if answer.startswith("closed"):
            return


if __name__ == "__main__":
    main()
