#!/usr/bin/python3
"""Sends one NetBIOS NAME REGISTRATION REQUEST (RFC 1002 4.2.2) built by scapy and waits for an answer.

scapy 2.5 builds every byte (NBNSHeader / NBNSRegistrationRequest): B-node, unique name, TTL 0,
flags 0x2910 (broadcast, recursion desired) like a B-node's broadcast registration. A plain UDP
socket carries it; a holder of the name defends it with a NEGATIVE NAME REGISTRATION RESPONSE
(RFC 1002 4.2.6) sent back to this socket.

Prints one line: "response from IP: flags 0xXXXX rcode N" (exit 0) or "no response" (exit 2).
"""
import argparse
import socket
import sys


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--dst-ip", required=True, help="the subnet broadcast address, or a unicast address")
    parser.add_argument("--name", required=True)
    parser.add_argument("--suffix", type=lambda v: int(v, 0), default=0x00)
    parser.add_argument("--address", required=True, help="NB_ADDRESS to claim the name for")
    parser.add_argument("--id", type=lambda v: int(v, 0), default=0x5253)
    parser.add_argument("--timeout", type=float, default=3.0)
    args = parser.parse_args()

    from scapy.layers.netbios import NBNSHeader, NBNSRegistrationRequest

    # scapy's SUFFIX is the suffix byte half-ASCII encoded (0x4141 = <00>, 0x4144 = <03>).
    suffix = ((0x41 + (args.suffix >> 4)) << 8) | (0x41 + (args.suffix & 0x0F))
    packet = (NBNSHeader(NAME_TRN_ID=args.id, OPCODE=5, NM_FLAGS=0x11, QDCOUNT=1, ARCOUNT=1)
              / NBNSRegistrationRequest(QUESTION_NAME=args.name, SUFFIX=suffix, TTL=0, NB_ADDRESS=args.address))
    datagram = bytes(packet)

    sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_BROADCAST, 1)
    sock.bind(("0.0.0.0", 0))
    sock.settimeout(args.timeout)
    sock.sendto(datagram, (args.dst_ip, 137))
    try:
        while True:
            reply, source = sock.recvfrom(2048)
            if len(reply) >= 4 and reply[0:2] == datagram[0:2] and reply[2] & 0x80:
                flags = (reply[2] << 8) | reply[3]
                print(f"response from {source[0]}: flags 0x{flags:04x} rcode {flags & 0x0F}")
                return 0
    except socket.timeout:
        print("no response")
        return 2


if __name__ == "__main__":
    sys.exit(main())
