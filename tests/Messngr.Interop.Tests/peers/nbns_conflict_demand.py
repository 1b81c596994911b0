#!/usr/bin/python3
"""Sends one unsolicited NetBIOS NAME CONFLICT DEMAND (RFC 1002 4.2.8) built by scapy.

scapy 2.5 builds every byte (NBNSHeader / NBNSQueryResponse as the resource record): a response,
opcode 5 (registration), AA+RD+RA, RCODE 7 (CFT_ERR) = flags 0xAD87, one answer RR with the
name, type NB, TTL 0 and NB_FLAGS 0 / NB_ADDRESS 0.0.0.0, as a node that detected a conflict
sends it (protocols.md §2.3). Sent to a unicast address or, with --broadcast, to the subnet
broadcast address. Nothing is expected back.

Prints "sent N bytes flags 0xXXXX to IP".
"""
import argparse
import socket
import sys


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--dst-ip", required=True, help="a unicast address, or the subnet broadcast address")
    parser.add_argument("--name", required=True)
    parser.add_argument("--suffix", type=lambda v: int(v, 0), default=0x00)
    parser.add_argument("--id", type=lambda v: int(v, 0), default=0x4e43)
    args = parser.parse_args()

    from scapy.layers.netbios import NBNSHeader, NBNSQueryResponse, NBNS_ADD_ENTRY

    # scapy's SUFFIX is the suffix byte half-ASCII encoded (0x4141 = <00>, 0x4144 = <03>).
    suffix = ((0x41 + (args.suffix >> 4)) << 8) | (0x41 + (args.suffix & 0x0F))
    packet = (NBNSHeader(NAME_TRN_ID=args.id, RESPONSE=1, OPCODE=5, NM_FLAGS=0x58, RCODE=7, ANCOUNT=1)
              / NBNSQueryResponse(RR_NAME=args.name, SUFFIX=suffix, TTL=0,
                                  ADDR_ENTRY=[NBNS_ADD_ENTRY(G=0, OWNER_NODE_TYPE=0, NB_ADDRESS="0.0.0.0")]))
    datagram = bytes(packet)

    sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_BROADCAST, 1)
    sock.bind(("0.0.0.0", 0))
    sock.sendto(datagram, (args.dst_ip, 137))
    print(f"sent {len(datagram)} bytes flags 0x{(datagram[2] << 8) | datagram[3]:04x} to {args.dst_ip}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
