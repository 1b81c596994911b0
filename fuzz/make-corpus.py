#!/usr/bin/env python3
"""Rebuilds fuzz/corpus/* seeds from the captures in tests/Messngr.Wire.Tests/captures.

Seeds are the transport payloads of real third-party traffic, grouped by codec root:
UDP 137 -> nbns, UDP 138 -> nbds/dgram (and the SMB part -> mailslot, the payload -> messngr),
UDP 135 -> clpdu/msrp, TCP 139 segments -> nbss and their SMB part -> smb.
Plain standard library; reads classic libpcap with Ethernet framing.
"""
import os, struct, sys

here = os.path.dirname(os.path.abspath(__file__))
captures = os.path.join(here, "..", "tests", "Messngr.Wire.Tests", "captures")
corpus = os.path.join(here, "corpus")

def packets(path):
    data = open(path, "rb").read()
    endian = "<" if data[:4] in (b"\xd4\xc3\xb2\xa1", b"\x4d\x3c\xb2\xa1") else ">"
    off = 24
    while off + 16 <= len(data):
        incl = struct.unpack(endian + "I", data[off + 8:off + 12])[0]
        frame = data[off + 16:off + 16 + incl]
        off += 16 + incl
        if len(frame) < 34 or frame[12:14] != b"\x08\x00":
            continue
        ip = frame[14:]
        ihl = (ip[0] & 0xF) * 4
        total = struct.unpack(">H", ip[2:4])[0]
        proto, l4 = ip[9], ip[ihl:total]
        sport, dport = struct.unpack(">HH", l4[:4])
        if proto == 17:
            yield "udp", sport, dport, l4[8:]
        elif proto == 6:
            yield "tcp", sport, dport, l4[(l4[12] >> 4) * 4:]

def save(target, name, payload):
    if not payload:
        return
    d = os.path.join(corpus, target)
    os.makedirs(d, exist_ok=True)
    open(os.path.join(d, name), "wb").write(payload)

for file in sorted(os.listdir(captures)):
    if not file.endswith(".pcap"):
        continue
    stem = file[:-5]
    for i, (proto, sport, dport, payload) in enumerate(packets(os.path.join(captures, file))):
        ports = {sport, dport}
        tag = f"{stem}-{i}"
        if proto == "udp" and 137 in ports:
            save("nbns", tag, payload)
        elif proto == "udp" and 138 in ports:
            save("nbds", tag, payload)
            save("dgram", tag, payload)
            smb = payload.find(b"\xffSMB")
            if smb >= 0:
                save("mailslot", tag, payload[smb:])
                data_offset = struct.unpack("<H", payload[smb + 57:smb + 59])[0]
                data_count = struct.unpack("<H", payload[smb + 55:smb + 57])[0]
                save("messngr", tag, payload[smb + data_offset:smb + data_offset + data_count])
        elif proto == "udp" and 135 in ports:
            save("clpdu", tag, payload)
            save("msrp", tag, payload)
        elif proto == "tcp" and 139 in ports and payload:
            save("nbss", tag, payload)
            if payload[4:8] == b"\xffSMB":
                save("smb", tag, payload[4:])
print("seeds:", {t: len(os.listdir(os.path.join(corpus, t))) for t in sorted(os.listdir(corpus))})
