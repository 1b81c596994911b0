#!/usr/bin/python3
"""NBSS and SMB1 message framing shared by the session peers (hold_sessions.py, smb_session.py).

Session request: RFC 1002 §4.3.2 (type 0x81, called and calling names first-level encoded,
RFC 1001 §14.1). Session message: type 0x00 and a 17-bit length (RFC 1002 §4.3.1). SMB1 header:
[MS-CIFS] 2.2.3.1 (32 bytes, no flags, OEM strings). SMB_COM_SEND_MESSAGE (0xD0): [MS-MSRP]
2.2.3.1, two 0x04 strings and a 0x01 data block.
"""
import struct


def encode_name(name, suffix):
    raw = name.upper().encode("ascii")[:15].ljust(15, b" ") + bytes([suffix])
    encoded = bytearray([0x20])
    for byte in raw:
        encoded += bytes([0x41 + (byte >> 4), 0x41 + (byte & 0x0F)])
    return bytes(encoded + b"\x00")


def session_request(called, calling="PEER"):
    body = encode_name(called, 0x03) + encode_name(calling, 0x00)
    return struct.pack(">BBH", 0x81, 0, len(body)) + body


def session_message(payload):
    return struct.pack(">BBH", 0x00, (len(payload) >> 16) & 1, len(payload) & 0xFFFF) + payload


def smb(command, words=b"", data=b""):
    header = b"\xffSMB" + bytes([command]) + b"\x00" * 27
    return session_message(header + bytes([len(words) // 2]) + words + struct.pack("<H", len(data)) + data)


def send_message(originator, destination, text):
    data = (b"\x04" + originator.encode("ascii") + b"\x00" + b"\x04" + destination.encode("ascii") + b"\x00"
            + b"\x01" + struct.pack("<H", len(text)) + text)
    return smb(0xD0, data=data)


GET_MACHINE_NAME = smb(0xD4)


def read_frame(sock):
    """The next NBSS frame as (type, payload), or None when the peer closed."""
    header = read_exactly(sock, 4)
    if header is None:
        return None
    kind, flags, length = struct.unpack(">BBH", header)
    payload = read_exactly(sock, ((flags & 1) << 16) | length)
    return None if payload is None else (kind, payload)


def read_exactly(sock, count):
    data = b""
    while len(data) < count:
        chunk = sock.recv(count - len(data))
        if not chunk:
            return None
        data += chunk
    return data
