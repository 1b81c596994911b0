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
import sys
import time
from types import SimpleNamespace

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from mailslot_send import DIRECT_UNIQUE, build_scapy  # noqa: E402  (the same scapy builder as the mailslot tests)


def mailslot(source_ip, to, text):
    user_data = b"flooder\x00" + to.encode() + b"\x00" + text.encode() + b"\x00"
    args = SimpleNamespace(type=DIRECT_UNIQUE, id=os.getpid() & 0xFFFF, src_port=138, src_name="FLOODER",
                           src_suffix=0x00, dst_name=to, dst_suffix=0x03)
    return build_scapy(args, source_ip, user_data)


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
