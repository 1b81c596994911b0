#!/usr/bin/python3
"""One long-lived NBSS session that sends a message every --interval seconds (issue #10 item 9).

Opens TCP 139 of the target, asks for a session with --to<03>, then sends --count single-block
messages (SMB_COM_SEND_MESSAGE, [MS-MSRP] 2.2.3.1) "TEXT i" on the same connection, reading each
reply. Prints "session open", then "delivered i" per success; "all N delivered" at the end, or
"failed after i: REASON" and exit status 1 when the session is refused or closed.
"""
import argparse
import os
import socket
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from nbss import read_frame, send_message, session_request  # noqa: E402


def fail(done, reason):
    print(f"failed after {done}: {reason}", flush=True)
    sys.exit(1)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("target")
    parser.add_argument("--to", default="HOSTA")
    parser.add_argument("--from", dest="sender", default="carol")
    parser.add_argument("--text", required=True)
    parser.add_argument("--count", type=int, default=10)
    parser.add_argument("--interval", type=float, default=0.5)
    args = parser.parse_args()

    sock = socket.create_connection((args.target, 139), timeout=10)
    try:
        sock.sendall(session_request(args.to))
        frame = read_frame(sock)
        if frame is None or frame[0] != 0x82:
            fail(0, f"session refused: {frame!r}")
        print("session open", flush=True)
        for i in range(1, args.count + 1):
            sock.sendall(send_message(args.sender, args.to, f"{args.text} {i}".encode("ascii")))
            frame = read_frame(sock)
            if frame is None:
                fail(i - 1, "closed by the server")
            status = frame[1][5:9]
            if frame[0] != 0x00 or status != b"\x00\x00\x00\x00":
                fail(i - 1, f"error reply {status.hex()}")
            print(f"delivered {i}", flush=True)
            time.sleep(args.interval)
    except OSError as error:
        fail(-1, str(error))
    print(f"all {args.count} delivered", flush=True)


if __name__ == "__main__":
    main()
