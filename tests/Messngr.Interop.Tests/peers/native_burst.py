#!/usr/bin/python3
"""A burst of native messages through a messngr daemon's control socket (issue #13, burst test).

native_burst.py SOCKET RECIPIENT COUNT THREADS PREFIX

POSTs COUNT messages "PREFIX N" (N = 0 .. COUNT-1) to /v1/send over the AF_UNIX control socket
SOCKET (README "Sending natively": {recipient, text} -> {messageId, outcome, queued, nodeId,
detail, state}), THREADS requests at a time, each thread on one kept HTTP/1.1 connection. Prints
one line per message: "N STATUS BODY" (BODY the JSON answer on one line). Exits 0 when every
request got an HTTP answer, 1 otherwise (the failures are printed as "N ERROR message").
"""
import http.client
import json
import socket
import sys
import threading


class UnixConnection(http.client.HTTPConnection):
    def __init__(self, path):
        super().__init__("localhost", timeout=120)
        self._path = path

    def connect(self):
        sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        sock.settimeout(self.timeout)
        sock.connect(self._path)
        self.sock = sock


def main():
    path, recipient, count, threads, prefix = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4]), sys.argv[5]
    lock = threading.Lock()
    next_index = [0]
    failures = [0]

    def take():
        with lock:
            if next_index[0] >= count:
                return None
            next_index[0] += 1
            return next_index[0] - 1

    def report(line, failed=False):
        with lock:
            print(line, flush=True)
            if failed:
                failures[0] += 1

    def worker():
        connection = UnixConnection(path)
        while (n := take()) is not None:
            body = json.dumps({"recipient": recipient, "text": f"{prefix} {n}"})
            try:
                connection.request("POST", "/v1/send", body=body, headers={"Content-Type": "application/json"})
                response = connection.getresponse()
                answer = response.read().decode("utf-8", "replace").replace("\n", " ")
                report(f"{n} {response.status} {answer}")
            except (OSError, http.client.HTTPException) as error:
                connection.close()
                connection = UnixConnection(path)
                report(f"{n} ERROR {error!r}", failed=True)
        connection.close()

    workers = [threading.Thread(target=worker) for _ in range(threads)]
    for w in workers:
        w.start()
    for w in workers:
        w.join()
    return 1 if failures[0] else 0


if __name__ == "__main__":
    sys.exit(main())
