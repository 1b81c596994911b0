#!/usr/bin/python3
"""LAN discovery datagrams of docs/native-protocol.md §9, written from the document (issue #13, item 5).

discovery.py BROADCAST probe          send a PROBE for every node (§9.4) to BROADCAST:2426
discovery.py BROADCAST forge NAME...  send an ANNOUNCE for NAMEs, validly signed by a fresh P-384 key
                              (a stranger claiming names; §9.3), and print its node id (hex)
"""
import datetime
import hashlib
import socket
import struct
import sys
import time

PORT = 2426


def names_field(names):
    out = bytes([len(names)])
    for name in names:
        raw = name.encode("utf-8")
        out += bytes([len(raw)]) + raw
    return out


def now_ms():
    return int(time.time() * 1000)


def probe():
    return b"MSGR\x01\x02" + struct.pack(">q", now_ms()) + names_field([])


def forge(names):
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.hazmat.primitives.asymmetric.utils import decode_dss_signature
    from cryptography.x509.oid import NameOID

    key = ec.generate_private_key(ec.SECP384R1())
    subject = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "messngr node")])
    start = datetime.datetime.now(datetime.timezone.utc) - datetime.timedelta(minutes=5)
    cert = (x509.CertificateBuilder().subject_name(subject).issuer_name(subject).public_key(key.public_key())
            .serial_number(x509.random_serial_number()).not_valid_before(start)
            .not_valid_after(start + datetime.timedelta(days=365)).sign(key, hashes.SHA384()))
    der = cert.public_bytes(serialization.Encoding.DER)
    spki = key.public_key().public_bytes(serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo)
    node_id = hashlib.sha256(spki).digest()
    body = (b"MSGR\x01\x01" + struct.pack(">qQH", now_ms(), 0, 2426) + node_id + names_field(names)
            + struct.pack(">H", len(der)) + der)
    r, s = decode_dss_signature(key.sign(b"messngr-announce-v1\x00" + body, ec.ECDSA(hashes.SHA384())))
    signature = r.to_bytes(48, "big") + s.to_bytes(48, "big")
    print(node_id.hex())
    return body + struct.pack(">H", len(signature)) + signature


def main():
    datagram = probe() if sys.argv[2] == "probe" else forge(sys.argv[3:])
    sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_BROADCAST, 1)
    sock.sendto(datagram, (sys.argv[1], PORT))


if __name__ == "__main__":
    main()
