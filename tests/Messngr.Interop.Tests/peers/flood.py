#!/usr/bin/python3
"""Floods a messngr host from one source, bounded in count and time (for the fairness test).

Sends up to --count datagrams within --seconds to TARGET on UDP 137, 138 and 135: random garbage,
and every --valid-every'th one a valid \\MAILSLOT\\MESSNGR write (built by scapy, as mailslot_send.py
does) whose text carries a running number. Traffic goes only to the address given (a lab host).
Prints "sent N datagrams (V valid) in S s".
"""
import argparse
import os
import socket
import time

from scapy.layers.netbios import NBTDatagram
from scapy.layers.smb import SMB_Header, SMBNetlogon_Protocol_Response_Header, SMBMailSlot
from scapy.packet import Raw

MAILSLOT = b"\\MAILSLOT\\MESSNGR\x00"


def mailslot(source_ip, to, text):
    data = b"flooder\x00" + to.encode() + b"\x00" + text.encode() + b"\x00"
    trans = SMBNetlogon_Protocol_Response_Header(
        TotalDataCount=len(data), MaxParamCount=0, MaxDataCount=0, TimeOut1=0, TimeOut2=0,
        ParamOffset=0, DataCount=len(data), DataOffset=70 + len(MAILSLOT) - 1)
    slot = SMBMailSlot(opcode=1, priority=1, cls=2, size=len(MAILSLOT) - 1 + len(data) + 1, name=MAILSLOT[:-1])
    smb = SMB_Header() / trans / slot / Raw(data)
    suffix = lambda v: ((0x41 + (v >> 4)) << 8) | (0x41 + (v & 0x0F))
    dgram = NBTDatagram(Type=0x10, Flags=0x02, ID=os.getpid() & 0xFFFF, SourceIP=source_ip, SourcePort=138,
                        SourceName="FLOODER", SUFFIX1=suffix(0), DestinationName=to, SUFFIX2=suffix(3)) / smb
    return bytes(dgram)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("target")
    parser.add_argument("--source", required=True)
    parser.add_argument("--to", default="HOSTA")
    parser.add_argument("--count", type=int, default=20000)
    parser.add_argument("--seconds", type=float, default=5.0)
    parser.add_argument("--valid-every", type=int, default=10)
    args = parser.parse_args()
    sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    start = time.monotonic()
    sent = valid = 0
    ports = (137, 138, 135)
    while sent < args.count and time.monotonic() - start < args.seconds:
        if sent % args.valid_every == 0:
            payload = mailslot(args.source, args.to, f"flood {sent}")
            port = 138
            valid += 1
        else:
            payload = os.urandom(20 + sent % 200)
            port = ports[sent % 3]
        try:
            sock.sendto(payload, (args.target, port))
        except OSError:
            pass
        sent += 1
    print(f"sent {sent} datagrams ({valid} valid) in {time.monotonic() - start:.1f} s")


if __name__ == "__main__":
    main()
