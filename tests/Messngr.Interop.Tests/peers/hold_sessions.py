#!/usr/bin/python3
"""Tries to take every TCP 139 slot of a messngr host from one address (issue #10 item 7).

Opens --stalled connections that send a session request and a few SMB requests and then never
read their replies, then --trickle connections that each send the 4-byte header of a session
request and then one more byte of it every --interval seconds, never finishing the frame. Traffic
goes only to the address given (a lab host). Prints "holding S stalled and T trickling
connections" once all are opened, then every --interval "open N of M", until --seconds passed.
"""
import argparse
import os
import socket
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from nbss import GET_MACHINE_NAME, session_request  # noqa: E402


def connect(target, receive_buffer=None):
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    if receive_buffer:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, receive_buffer)
    sock.settimeout(5)
    sock.connect((target, 139))
    return sock


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("target")
    parser.add_argument("--to", default="HOSTA")
    parser.add_argument("--stalled", type=int, default=8)
    parser.add_argument("--trickle", type=int, default=70)
    parser.add_argument("--requests", type=int, default=5)
    parser.add_argument("--interval", type=float, default=2.0)
    parser.add_argument("--seconds", type=float, default=60.0)
    args = parser.parse_args()

    opened = []
    for _ in range(args.stalled):
        sock = connect(args.target, receive_buffer=4096)
        sock.sendall(session_request(args.to) + GET_MACHINE_NAME * args.requests)
        opened.append(sock)
    request = session_request(args.to)
    trickling = []
    for _ in range(args.trickle):
        try:
            # A connection refused at accept may be reset before connect(2) even returns.
            sock = connect(args.target)
            opened.append(sock)
            sock.sendall(request[:4])
            trickling.append([sock, 4])
        except OSError:
            trickling.append([None, 4])  # refused at accept (reset)
    print(f"holding {args.stalled} stalled and {args.trickle} trickling connections", flush=True)

    start = time.monotonic()
    while time.monotonic() - start < args.seconds:
        time.sleep(args.interval)
        for entry in trickling:
            sock, sent = entry
            if sock is None or sent >= len(request) - 1:
                continue
            try:
                sock.send(request[sent:sent + 1])
                entry[1] += 1
            except OSError:
                entry[0] = None
        alive = args.stalled + sum(1 for sock, _ in trickling if sock is not None)
        print(f"open {alive} of {len(opened)}", flush=True)
    for sock in opened:
        sock.close()


if __name__ == "__main__":
    main()
