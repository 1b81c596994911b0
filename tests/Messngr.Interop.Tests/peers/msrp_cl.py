#!/usr/bin/python3
"""Sends the odd connectionless DCE/RPC PDUs a real NetrSendMessage peer may send (issue #11,
items 11-12; docs/classic-conformance.md) and prints every reply.

The 80-byte CL header (C706 §12.5.1, protocols.md §7.4) and the NDR stub (§7.5) are packed with
struct: scapy's DceRpc4 cannot send EBCDIC drep or an auth verifier, and Impacket has no CL RPC.

Scenarios (--scenario):
  frag-inorder   3 KB text in 1,000-byte fragments, in order, no-fack set
  frag-reversed  the same fragments, last first
  frag-fack      the same fragments in order, no-fack clear (the server should fack)
  big            the 3 KB text in one datagram
  auth           auth_proto 1 with a 16-byte verifier after the body
  ebcdic         drep 11 00 00 (little-endian, EBCDIC)
  frag-toolarge  one fragment numbered 64 (beyond the per-call bound)
  ping-partial   the fragments but the first, then a PING for the call
  ping-before    a PING for a call never sent
  ping-after     a call, then a PING for it
  maybe          a call with the maybe flag
  older-seq      a call with seqnum 5, then one with seqnum 3 on the same activity (--text2)

Prints one JSON object: {"replies": [{"ptype", "status", "fragnum", "seqnum", "len"}...]},
the replies in order of arrival, until --quiet seconds pass without one.
"""
import argparse
import json
import socket
import struct
import sys
import uuid

MSGSVCSEND = uuid.UUID("5a7b91f8-ff00-11d0-a9b2-00c04fb6e6fc")
IDEMPOTENT, NOFACK, FRAG, LASTFRAG, MAYBE = 0x20, 0x08, 0x04, 0x02, 0x10


def ndr_string(value):
    data = value + b"\x00"
    out = struct.pack("<III", len(data), 0, len(data)) + data
    return out + b"\x00" * (-len(out) % 4)


def header(ptype, flags1, activity, seqnum, body_len, fragnum=0, drep=b"\x10\x00\x00", auth=0, serial=0):
    """Little-endian integers (every scenario uses drep integer order 1)."""
    return (struct.pack("<BBBB", 4, ptype, flags1, 0) + drep + bytes([serial >> 8]) +
            uuid.UUID(int=0).bytes_le + MSGSVCSEND.bytes_le + activity.bytes_le +
            struct.pack("<IIIHHHHHBB", 0, 1, seqnum, 0, 0xFFFF, 0xFFFF, body_len, fragnum, auth, serial & 0xFF))


def stub(sender, to, text, code_page):
    return b"".join(ndr_string(s.encode(code_page)) for s in (sender, to, text))


def fragments(body, size, activity, seqnum, flags):
    parts = [body[i:i + size] for i in range(0, len(body), size)]
    out = []
    for n, part in enumerate(parts):
        f = flags | FRAG | (LASTFRAG if n == len(parts) - 1 else 0)
        out.append(header(0, f, activity, seqnum, len(part), fragnum=n, serial=n) + part)
    return out


def collect(sock, quiet, until_response):
    replies = []
    sock.settimeout(quiet)
    while True:
        try:
            data, _ = sock.recvfrom(65535)
        except socket.timeout:
            return replies
        ptype = data[1]
        body = data[80:]
        replies.append({
            "ptype": ptype,
            "status": struct.unpack("<I", body[:4])[0] if ptype in (2, 3, 6) and len(body) >= 4 else None,
            "fragnum": struct.unpack("<H", data[76:78])[0],
            "seqnum": struct.unpack("<I", data[64:68])[0],
            "len": len(body),
        })
        if until_response and ptype in (2, 3, 6):
            return replies


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--dst-ip", required=True)
    parser.add_argument("--dst-port", type=int, default=135)
    parser.add_argument("--scenario", required=True)
    parser.add_argument("--from", dest="sender", default="alice")
    parser.add_argument("--to", default="BOB")
    parser.add_argument("--text", required=True)
    parser.add_argument("--text2", default="")
    parser.add_argument("--code-page", default="cp850")
    parser.add_argument("--quiet", type=float, default=2.0)
    parser.add_argument("--timeout", type=float, default=10.0)
    args = parser.parse_args()

    sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    dst = (args.dst_ip, args.dst_port)
    activity = uuid.uuid4()
    body = stub(args.sender, args.to, args.text, args.code_page)
    s = args.scenario
    replies = []

    def send_all(datagrams):
        for d in datagrams:
            sock.sendto(d, dst)

    if s in ("frag-inorder", "frag-reversed", "frag-fack"):
        frags = fragments(body, 1000, activity, 0, IDEMPOTENT | (0 if s == "frag-fack" else NOFACK))
        if s == "frag-reversed":
            frags.reverse()
        send_all(frags)
        replies = collect(sock, args.timeout, True)
    elif s == "frag-toolarge":
        sock.sendto(header(0, IDEMPOTENT | NOFACK | FRAG, activity, 0, len(body), fragnum=64) + body, dst)
        replies = collect(sock, args.timeout, True)
    elif s == "ping-partial":
        send_all(fragments(body, 1000, activity, 0, IDEMPOTENT | NOFACK)[1:])
        sock.sendto(header(1, IDEMPOTENT, activity, 0, 0), dst)
        replies = collect(sock, args.quiet, False)
    elif s == "big":
        sock.sendto(header(0, IDEMPOTENT | NOFACK, activity, 0, len(body)) + body, dst)
        replies = collect(sock, args.timeout, True)
    elif s == "auth":
        verifier = b"\x01" * 16
        sock.sendto(header(0, IDEMPOTENT | NOFACK, activity, 0, len(body), auth=1) + body + verifier, dst)
        replies = collect(sock, args.timeout, True)
    elif s == "ebcdic":
        sock.sendto(header(0, IDEMPOTENT | NOFACK, activity, 0, len(body), drep=b"\x11\x00\x00") + body, dst)
        replies = collect(sock, args.timeout, True)
    elif s == "ping-before":
        sock.sendto(header(1, IDEMPOTENT, activity, 0, 0), dst)
        replies = collect(sock, args.quiet, False)
    elif s == "ping-after":
        sock.sendto(header(0, IDEMPOTENT | NOFACK, activity, 0, len(body)) + body, dst)
        replies = collect(sock, args.timeout, True)
        sock.sendto(header(1, IDEMPOTENT, activity, 0, 0), dst)
        replies += collect(sock, args.timeout, True)
    elif s == "maybe":
        sock.sendto(header(0, IDEMPOTENT | NOFACK | MAYBE, activity, 0, len(body)) + body, dst)
        replies = collect(sock, args.quiet, False)
    elif s == "older-seq":
        sock.sendto(header(0, IDEMPOTENT | NOFACK, activity, 5, len(body)) + body, dst)
        replies = collect(sock, args.timeout, True)
        older = stub(args.sender, args.to, args.text2, args.code_page)
        sock.sendto(header(0, IDEMPOTENT | NOFACK, activity, 3, len(older)) + older, dst)
        replies += collect(sock, args.quiet, False)
    else:
        parser.error(f"unknown scenario {s}")

    print(json.dumps({"scenario": s, "replies": replies}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
