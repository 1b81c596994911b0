#!/usr/bin/python3
"""Sends one \\MAILSLOT\\MESSNGR write (protocols.md §3-§4) built by a third-party library.

Payload: From\\0To\\0Text\\0 in the OEM code page (protocols.md §4.2), then --trailing's bytes
(hex) inside DataCount, as senders with fixed-size buffers or padding leave them (issue #11, item 9).
--type picks the NBDS message type: unique (0x10), group (0x11, also --group) or broadcast (0x12).

--builder scapy:    scapy 2.5 builds every byte: NBTDatagram (NBDS header and both names),
                    SMB_Header, the SMB_COM_TRANSACTION words (scapy calls that layer
                    SMBNetlogon_Protocol_Response_Header; its fields are the generic 17 transaction
                    words, protocols.md §4.1) and SMBMailSlot (setup words, byte count, name).
--builder impacket: Impacket builds every byte: impacket.nmb.NetBIOSUDPSessionPacket (the NBDS
                    header; it writes the user-data length alone into DGM_LENGTH, a real-world
                    quirk the receiver tolerates) around impacket.smb.NewSMBPacket with an
                    SMB_COM_TRANSACTION SMBCommand.
Either way a plain UDP socket (source port 138, like a real NBDS node) carries the bytes: the
libraries build, the kernel sends.

Prints one line: builder, message type, names, destination and the datagram in hex.
"""
import argparse
import socket
import struct
import sys

MAILSLOT = b"\\MAILSLOT\\MESSNGR\x00"
DIRECT_UNIQUE, DIRECT_GROUP, BROADCAST = 0x10, 0x11, 0x12
TYPES = {"unique": DIRECT_UNIQUE, "group": DIRECT_GROUP, "broadcast": BROADCAST}


def build_scapy(args, source_ip, user_data):
    from scapy.layers.netbios import NBTDatagram
    from scapy.layers.smb import SMB_Header, SMBNetlogon_Protocol_Response_Header, SMBMailSlot
    from scapy.packet import Raw

    # scapy's NetBIOSNameField holds 15 characters; the suffix is SUFFIXn, itself half-ASCII
    # encoded (0x4141 = <00>, 0x4144 = <03>).
    def suffix(value):
        return ((0x41 + (value >> 4)) << 8) | (0x41 + (value & 0x0F))

    trans = SMBNetlogon_Protocol_Response_Header(
        TotalDataCount=len(user_data), MaxParamCount=0, MaxDataCount=0, TimeOut1=0, TimeOut2=0,
        ParamOffset=0, DataCount=len(user_data), DataOffset=70 + len(MAILSLOT) - 1)
    packet = (NBTDatagram(Type=args.type, Flags=0x02, ID=args.id, SourceIP=source_ip, SourcePort=args.src_port,
                          SourceName=args.src_name, SUFFIX1=suffix(args.src_suffix),
                          DestinationName=args.dst_name, SUFFIX2=suffix(args.dst_suffix))
              / SMB_Header(Command=0x25, Flags=0, Flags2=0, PIDLow=0)
              / trans
              / SMBMailSlot(opcode=1, priority=1, class_=2, size=len(MAILSLOT) + len(user_data), name=MAILSLOT[:-1])
              / Raw(user_data))
    # DGM_LENGTH: both encoded names (34 bytes each) plus the user data (RFC 1002 §4.4.2).
    packet[NBTDatagram].Length = len(bytes(packet)) - 14
    return bytes(packet)


def build_impacket(args, source_ip, user_data):
    from impacket import nmb
    from impacket.smb import SMB, NewSMBPacket, SMBCommand, SMBTransaction_Parameters, SMBTransaction_Data

    smb = NewSMBPacket()
    smb["Tid"] = 0
    transaction = SMBCommand(SMB.SMB_COM_TRANSACTION)
    words = SMBTransaction_Parameters()
    words["TotalParameterCount"] = 0
    words["TotalDataCount"] = len(user_data)
    words["MaxParameterCount"] = 0
    words["MaxDataCount"] = 0
    words["ParameterCount"] = 0
    words["ParameterOffset"] = 0
    words["DataCount"] = len(user_data)
    words["DataOffset"] = 70 + len(MAILSLOT) - 1  # 32 header + 1 + 17*2 words + 2 byte count + name
    words["Setup"] = struct.pack("<HHH", 1, 1, 2)  # write mailslot, priority 1, second class
    transaction["Parameters"] = words
    body = SMBTransaction_Data()
    body["Name"] = MAILSLOT
    body["Trans_Parameters"] = b""
    body["Trans_Data"] = user_data
    transaction["Data"] = body
    smb.addCommand(transaction)

    datagram = nmb.NetBIOSUDPSessionPacket()
    datagram["Type"] = args.type
    datagram["Flags"] = nmb.NetBIOSUDPSessionPacket.FLAGS_FIRST_FRAGMENT
    datagram["ID"] = args.id
    datagram["SourceIP"] = source_ip
    datagram["SourcePort"] = args.src_port
    # encode_name gives length byte + 32 half-ASCII bytes + the root label's 0; the structure's
    # 'z' format adds that 0 back.
    datagram["SourceName"] = nmb.encode_name(args.src_name, args.src_suffix, "")[:-1]
    datagram["DestinationName"] = nmb.encode_name(args.dst_name, args.dst_suffix, "")[:-1]
    datagram["Data"] = smb.getData()
    return datagram.getData()


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--builder", choices=["scapy", "impacket"], required=True)
    parser.add_argument("--dst-ip", required=True, help="unicast address or the subnet broadcast address")
    parser.add_argument("--dst-port", type=int, default=138)
    parser.add_argument("--src-port", type=int, default=138)
    parser.add_argument("--group", action="store_true", help="DIRECT_GROUP (0x11) instead of DIRECT_UNIQUE (0x10)")
    parser.add_argument("--type", choices=sorted(TYPES), help="NBDS message type (overrides --group)")
    parser.add_argument("--trailing", default="", help="hex bytes appended after the text's NUL, inside DataCount")
    parser.add_argument("--src-name", required=True)
    parser.add_argument("--src-suffix", type=lambda v: int(v, 0), default=0x00)
    parser.add_argument("--dst-name", required=True)
    parser.add_argument("--dst-suffix", type=lambda v: int(v, 0), default=0x03)
    parser.add_argument("--from", dest="sender", required=True)
    parser.add_argument("--to", required=True)
    parser.add_argument("--text", required=True)
    parser.add_argument("--code-page", default="cp850")
    parser.add_argument("--id", type=lambda v: int(v, 0), default=0x4D53)
    args = parser.parse_args()
    args.type = TYPES[args.type] if args.type else DIRECT_GROUP if args.group else DIRECT_UNIQUE

    user_data = b"".join(s.encode(args.code_page) + b"\x00" for s in (args.sender, args.to, args.text))
    user_data += bytes.fromhex(args.trailing)
    sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_BROADCAST, 1)
    sock.bind(("0.0.0.0", args.src_port))
    # The source address the kernel picks towards the destination goes into SOURCE_IP.
    probe = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    probe.setsockopt(socket.SOL_SOCKET, socket.SO_BROADCAST, 1)
    probe.connect((args.dst_ip, args.dst_port))
    source_ip = probe.getsockname()[0]
    probe.close()

    build = build_scapy if args.builder == "scapy" else build_impacket
    datagram = build(args, source_ip, user_data)
    sent = sock.sendto(datagram, (args.dst_ip, args.dst_port))
    kind = {DIRECT_UNIQUE: "DIRECT_UNIQUE", DIRECT_GROUP: "DIRECT_GROUP", BROADCAST: "BROADCAST"}[args.type]
    print(f"sent {sent} bytes ({args.builder}, {kind}) {args.src_name}<{args.src_suffix:02x}> -> "
          f"{args.dst_name}<{args.dst_suffix:02x}> to {args.dst_ip}:{args.dst_port} from {source_ip}:{args.src_port}: "
          f"{datagram.hex()}")
    return 0 if sent == len(datagram) else 1


if __name__ == "__main__":
    sys.exit(main())
