#!/usr/bin/python3
"""A second implementation of the messngr native protocol v1 codec, written from
docs/native-protocol.md alone (standard library only), to show the document suffices.

  native_decode.py decode-stream    < HEX      frames cut from one byte stream -> JSON list
  native_decode.py decode-datagram  < LINES    one discovery datagram per hex line -> JSON list
  native_decode.py encode           < JSON     a JSON list of frames/datagrams -> one hex line each

decode-stream ends its list with {"need_more": N} when the stream stops inside a frame and with
{"error": CODE-NAME, "stream": ID} when a frame breaks the document (§4.1 order of checks, §7).
"""
import json
import struct
import sys
import uuid

VERSION = 1
MAX_FRAME = 262144
MIN_ADVERTISED = 131072
TYPES = {0x01: "HELLO", 0x02: "HELLO-ACK", 0x10: "MESSAGE", 0x11: "RECEIPT", 0x12: "ACK",
         0x20: "PING", 0x21: "PONG", 0x30: "GOODBYE", 0x3F: "ERROR"}
TYPE_CODES = {v: k for k, v in TYPES.items()}
STATES = {1: "stored", 2: "displayed", 3: "read", 4: "refused"}
STATE_CODES = {v: k for k, v in STATES.items()}
ERRORS = {1: "malformed", 2: "unsupported-version", 3: "unknown-type", 4: "frame-too-large",
          5: "invalid-text", 6: "protocol-violation", 7: "too-many-in-flight",
          8: "no-common-version", 9: "timeout", 10: "internal", 11: "limit-exceeded"}
# §8: payload ranges per type, from the field limits.
NAMES_MAX = 1 + 64 * 65
OFFER_MIN = 8 + 4 + 2 + 4 + 1
OFFER_MAX = OFFER_MIN - 1 + NAMES_MAX
RANGES = {"HELLO": (2 + OFFER_MIN, 1 + 16 + OFFER_MAX), "HELLO-ACK": (1 + OFFER_MIN, 1 + OFFER_MAX),
          "MESSAGE": (59, 50 + 65 + 65 + 129 + 4 + 65536), "RECEIPT": (28, 28 + 255),
          "ACK": (0, 0), "PING": (8, 8), "PONG": (8, 8), "GOODBYE": (3, 258), "ERROR": (3, 258)}
CONTEXT = b"messngr-announce-v1\x00"


class Bad(Exception):
    def __init__(self, code):
        super().__init__(code)
        self.code = code


class Cursor:
    def __init__(self, data):
        self.data, self.pos = data, 0

    def take(self, n):
        if n > len(self.data) - self.pos:
            raise Bad("malformed")  # a field runs past the payload
        out = self.data[self.pos:self.pos + n]
        self.pos += n
        return out

    def u8(self): return self.take(1)[0]
    def u16(self): return struct.unpack(">H", self.take(2))[0]
    def u32(self): return struct.unpack(">I", self.take(4))[0]
    def u64(self): return struct.unpack(">Q", self.take(8))[0]

    def time(self):
        value = struct.unpack(">q", self.take(8))[0]
        if value < 0:
            raise Bad("malformed")
        return value

    def message_id(self, optional=False):
        raw = self.take(16)
        if optional and raw == bytes(16):
            return None
        if raw[6] >> 4 != 7 or raw[8] & 0xC0 != 0x80:
            raise Bad("malformed")
        return str(uuid.UUID(bytes=raw))

    def string(self, n, label):
        try:
            text = self.take(n).decode("utf-8", errors="strict")
        except UnicodeDecodeError:
            raise Bad("invalid-text")
        if label and any(ord(c) < 0x20 or 0x7F <= ord(c) <= 0x9F for c in text):
            raise Bad("invalid-text")
        return text

    def str8(self, lo, hi, label):
        n = self.u8()
        if n < lo or n > hi:
            raise Bad("limit-exceeded")
        return self.string(n, label)

    def text32(self, hi):
        n = self.u32()
        if n > hi:
            raise Bad("limit-exceeded")
        return self.string(n, False)

    def names(self, max_count):
        count = self.u8()
        if count > max_count:
            raise Bad("limit-exceeded")
        return [self.str8(1, 64, True) for _ in range(count)]


def read_offer(c, out):
    out["time"] = c.time()
    out["max_frame"] = c.u32()
    out["max_in_flight"] = c.u16()
    if not MIN_ADVERTISED <= out["max_frame"] <= MAX_FRAME or not 1 <= out["max_in_flight"] <= 4096:
        raise Bad("malformed")
    out["capabilities"] = c.u32()
    out["names"] = c.names(64)


def read_payload(kind, stream, c):
    out = {"type": kind, "stream": stream}
    if kind == "HELLO":
        count = c.u8()
        if not 1 <= count <= 16:
            raise Bad("limit-exceeded")
        versions = list(c.take(count))
        if versions[0] < 1 or any(b <= a for a, b in zip(versions, versions[1:])):
            raise Bad("malformed")
        out["versions"] = versions
        read_offer(c, out)
    elif kind == "HELLO-ACK":
        out["version"] = c.u8()
        if out["version"] < 1:
            raise Bad("malformed")
        read_offer(c, out)
    elif kind == "MESSAGE":
        out["message_id"] = c.message_id()
        out["priority"] = c.u8()
        flags = c.u8()
        if out["priority"] > 3 or flags & 0xFE:
            raise Bad("malformed")
        out["sealed"] = bool(flags & 1)
        out["created_at"] = c.time()
        out["expires_at"] = c.time()
        out["reply_to"] = c.message_id(optional=True)
        out["sender_user"] = c.str8(1, 64, True)
        out["recipient"] = c.str8(1, 64, True)
        out["correlation_key"] = c.str8(0, 128, True)
        out["text"] = c.text32(65536)
    elif kind == "RECEIPT":
        out["message_id"] = c.message_id()
        state, reason = c.u8(), c.u16()
        if state not in STATES or (state == 4) != (reason != 0):
            raise Bad("malformed")
        out["state"], out["reason"] = STATES[state], reason
        out["at"] = c.time()
        out["detail"] = c.str8(0, 255, False)
    elif kind in ("PING", "PONG"):
        out["data"] = c.take(8).hex()
    elif kind == "GOODBYE":
        out["reason"] = c.u16()
        out["text"] = c.str8(0, 255, False)
    elif kind == "ERROR":
        out["code"] = c.u16()
        out["reason"] = c.str8(0, 255, False)
    if c.pos != len(c.data):
        raise Bad("malformed")  # trailing bytes
    return out


def decode_stream(data, max_frame=MAX_FRAME):
    frames, pos = [], 0
    while True:
        left = len(data) - pos
        if left < 4:
            if left:
                frames.append({"need_more": 4 - left})
            return frames
        length = struct.unpack(">I", data[pos:pos + 4])[0]
        stream = 0
        try:
            # §4.1: check each header field as soon as its bytes are in.
            if length < 8:
                raise Bad("malformed")
            if length > max_frame:
                raise Bad("frame-too-large")
            if left >= 5 and data[pos + 4] != VERSION:
                raise Bad("unsupported-version")
            if left < 12:
                frames.append({"need_more": 4 + length - left})
                return frames
            kind_code, flags, stream = struct.unpack(">BHI", data[pos + 5:pos + 12])
            if kind_code not in TYPES:
                raise Bad("unknown-type")
            kind = TYPES[kind_code]
            if flags:
                raise Bad("malformed")
            if (stream == 0) != (kind in ("HELLO", "HELLO-ACK", "GOODBYE")) and kind != "ERROR":
                raise Bad("protocol-violation")
            lo, hi = RANGES[kind]
            if not lo <= length - 8 <= hi:
                raise Bad("malformed")
            if left < 4 + length:
                frames.append({"need_more": 4 + length - left})
                return frames
            frames.append(read_payload(kind, stream, Cursor(data[pos + 12:pos + 4 + length])))
            pos += 4 + length
        except Bad as bad:
            frames.append({"error": bad.code, "stream": stream})
            return frames


def decode_datagram(data):
    try:
        if len(data) > 8192:
            raise Bad("limit-exceeded")
        c = Cursor(data)
        if c.take(4) != b"MSGR" or c.u8() != VERSION:
            raise Bad("malformed")
        kind = c.u8()
        if kind == 1:
            out = {"type": "ANNOUNCE", "timestamp": c.time(), "sequence": c.u64(), "port": c.u16()}
            if out["port"] == 0:
                raise Bad("malformed")
            out["node_id"] = c.take(32).hex()
            out["names"] = c.names(32)
            signed_end = None
            for field, hi in (("certificate", 4096), ("signature", 512)):
                n = c.u16()
                if not 1 <= n <= hi:
                    raise Bad("limit-exceeded")
                out[field] = c.take(n).hex()
                if field == "certificate":
                    signed_end = c.pos
            out["signed"] = (CONTEXT + data[:signed_end]).hex()
        elif kind == 2:
            out = {"type": "PROBE", "timestamp": c.time(), "names": c.names(16)}
        else:
            raise Bad("unknown-type")
        if c.pos != len(data):
            raise Bad("malformed")
        return out
    except Bad as bad:
        return {"error": bad.code}


def s8(text):
    raw = text.encode("utf-8")
    return bytes([len(raw)]) + raw


def names(items):
    return bytes([len(items)]) + b"".join(s8(n) for n in items)


def offer(f):
    return struct.pack(">qIHI", f["time"], f["max_frame"], f["max_in_flight"], f["capabilities"]) + names(f["names"])


def uuid_bytes(value):
    return bytes(16) if value is None else uuid.UUID(value).bytes


def encode(f):
    kind = f["type"]
    if kind == "ANNOUNCE":
        body = struct.pack(">qQH", f["timestamp"], f["sequence"], f["port"]) + bytes.fromhex(f["node_id"]) + names(f["names"])
        cert, sig = bytes.fromhex(f["certificate"]), bytes.fromhex(f["signature"])
        return b"MSGR\x01\x01" + body + struct.pack(">H", len(cert)) + cert + struct.pack(">H", len(sig)) + sig
    if kind == "PROBE":
        return b"MSGR\x01\x02" + struct.pack(">q", f["timestamp"]) + names(f["names"])
    if kind == "HELLO":
        payload = bytes([len(f["versions"])]) + bytes(f["versions"]) + offer(f)
    elif kind == "HELLO-ACK":
        payload = bytes([f["version"]]) + offer(f)
    elif kind == "MESSAGE":
        text = f["text"].encode("utf-8")
        payload = (uuid_bytes(f["message_id"]) + bytes([f["priority"], 1 if f["sealed"] else 0])
                   + struct.pack(">qq", f["created_at"], f["expires_at"]) + uuid_bytes(f["reply_to"])
                   + s8(f["sender_user"]) + s8(f["recipient"]) + s8(f["correlation_key"])
                   + struct.pack(">I", len(text)) + text)
    elif kind == "RECEIPT":
        payload = (uuid_bytes(f["message_id"]) + bytes([STATE_CODES[f["state"]]])
                   + struct.pack(">Hq", f["reason"], f["at"]) + s8(f["detail"]))
    elif kind == "ACK":
        payload = b""
    elif kind in ("PING", "PONG"):
        payload = bytes.fromhex(f["data"])
    elif kind == "GOODBYE":
        payload = struct.pack(">H", f["reason"]) + s8(f["text"])
    else:
        payload = struct.pack(">H", f["code"]) + s8(f["reason"])
    return struct.pack(">IBBHI", 8 + len(payload), VERSION, TYPE_CODES[kind], 0, f.get("stream", 0)) + payload


def main():
    mode = sys.argv[1] if len(sys.argv) > 1 else ""
    data = sys.stdin.read()
    if mode == "decode-stream":
        result = decode_stream(bytes.fromhex("".join(data.split())))
    elif mode == "decode-datagram":
        result = [decode_datagram(bytes.fromhex(line)) for line in data.split()]
    elif mode == "encode":
        for item in json.loads(data):
            print(encode(item).hex())
        return 0
    else:
        print(__doc__, file=sys.stderr)
        return 64
    json.dump(result, sys.stdout, ensure_ascii=False)
    return 0


if __name__ == "__main__":
    sys.exit(main())
