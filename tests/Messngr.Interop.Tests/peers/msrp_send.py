#!/usr/bin/python3
"""Sends one [MS-MSRP] NetrSendMessage call (msgsvcsend opnum 0) over connectionless DCE/RPC
(ncadg_ip_udp, protocols.md §7) and reads the reply.

scapy 2.5's DceRpc4 layer builds and parses the 80-byte CL header (§7.4); the NDR stub (three
[in, string] char* parameters, §7.5) is marshalled here because scapy 2.5 has no NDR layer.
Impacket has no connectionless DCE/RPC (its DCERPC_v4 is an empty class), so it cannot be used.

Prints one JSON object: the reply's ptype, status (the error_status_t of a RESPONSE, or the
body of a FAULT/REJECT), whether activity/seqnum/opnum/interface match the request, and the
request in hex. Exit code 0 when a reply arrived, 2 on timeout.
"""
import argparse
import logging
import json
import socket
import struct
import sys
import uuid

MSGSVCSEND = uuid.UUID("5a7b91f8-ff00-11d0-a9b2-00c04fb6e6fc")


def ndr_string(value):
    """A conformant varying string: max_count, offset 0, actual_count, chars + NUL, pad to 4."""
    data = value + b"\x00"
    out = struct.pack("<III", len(data), 0, len(data)) + data
    return out + b"\x00" * (-len(out) % 4)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--dst-ip", required=True)
    parser.add_argument("--dst-port", type=int, default=135)
    parser.add_argument("--from", dest="sender", required=True)
    parser.add_argument("--to", required=True)
    parser.add_argument("--text", required=True)
    parser.add_argument("--code-page", default="cp850")
    parser.add_argument("--opnum", type=int, default=0)
    parser.add_argument("--seqnum", type=int, default=0)
    parser.add_argument("--timeout", type=float, default=3.0)
    args = parser.parse_args()

    logging.getLogger("scapy").setLevel(logging.ERROR)
    from scapy.fields import StrField
    from scapy.layers.dcerpc import DceRpc4, DceRpc4Payload
    from scapy.packet import Packet, Raw

    class ReplyBody(Packet):
        """The body of a RESPONSE (error_status_t), FAULT or REJECT (a status), kept raw."""
        name = "CL reply body"
        fields_desc = [StrField("body", b"")]

        @classmethod
        def can_handle(cls, payload, rpc):
            return rpc.ptype in (2, 3, 6)

    # scapy dispatches CL bodies to registered classes (and prints a notice when none fits).
    DceRpc4Payload.register_possible_payload(ReplyBody)

    stub = b"".join(ndr_string(s.encode(args.code_page)) for s in (args.sender, args.to, args.text))
    activity = uuid.uuid4()
    # flags1 0x28 = idempotent | no-fack: no conv_who_are_you callback, no FACK (§7.7).
    request = DceRpc4(ptype=0, flags1=0x28, flags2=0, object=uuid.UUID(int=0), if_id=MSGSVCSEND,
                      act_id=activity, server_boot=0, if_vers=1, seqnum=args.seqnum, opnum=args.opnum,
                      ihint=0xFFFF, ahint=0xFFFF, fragnum=0) / Raw(stub)
    wire = bytes(request)

    sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    sock.settimeout(args.timeout)
    sock.sendto(wire, (args.dst_ip, args.dst_port))
    try:
        data, peer = sock.recvfrom(4096)
    except socket.timeout:
        print(json.dumps({"reply": None, "request": wire.hex()}))
        return 2

    reply = DceRpc4(data)
    body = reply[ReplyBody].body if ReplyBody in reply else bytes(reply.payload)
    status = struct.unpack("<I" if reply.endian == 1 else ">I", body[:4])[0] if len(body) >= 4 else None
    print(json.dumps({
        "reply": data.hex(),
        "from": f"{peer[0]}:{peer[1]}",
        "ptype": int(reply.ptype),
        "status": status,
        "same_activity": reply.act_id == activity,
        "same_interface": reply.if_id == MSGSVCSEND,
        "seqnum": int(reply.seqnum),
        "opnum": int(reply.opnum),
        "server_boot": int(reply.server_boot),
        "request": wire.hex(),
    }))
    return 0


if __name__ == "__main__":
    sys.exit(main())
