"""Graceful stop of `zl serve` (issue 12): on SIGTERM the server stops accepting, lets a
request in progress finish and answers it with "Connection: close", and closes idle
keep-alive connections without cutting an answer. A request inside its handler at the
moment of SIGTERM (held there deterministically: a token write waiting for a database
another process has locked, as a long optimisation would be computing) finishes and is
answered too.

usage: shutdown_test.py PORT PID ADMIN_TOKEN DB"""
import os
import signal
import socket
import sys
import time

from dblock import DatabaseLock

PORT, PID, ADMIN, DB = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3], sys.argv[4]
passed = failed = 0


def ok(cond, what):
    global passed, failed
    passed, failed = (passed + 1, failed) if cond else (passed, failed + 1)
    print(("ok - " if cond else "not ok - ") + what)


def read_response(s):
    data = b""
    while b"\r\n\r\n" not in data:
        chunk = s.recv(65536)
        if not chunk:
            return None, {}, b""
        data += chunk
    head, body = data.split(b"\r\n\r\n", 1)
    lines = head.decode("latin-1").split("\r\n")
    headers = {k.strip().lower(): v.strip() for k, v in (l.split(":", 1) for l in lines[1:])}
    while len(body) < int(headers.get("content-length", "0")):
        chunk = s.recv(65536)
        if not chunk:
            break
        body += chunk
    return int(lines[0].split()[1]), headers, body


# A keep-alive client with one answered request, idle now.
idle = socket.create_connection(("127.0.0.1", PORT), timeout=30)
idle.sendall(b"GET /api/v1/health HTTP/1.1\r\nHost: x\r\n\r\n")
st, h, _ = read_response(idle)
ok(st == 200, f"keep-alive request before the stop (got {st})")

# A request in progress: headers and half of its body sent.
body = b'{"intervention": "LUNG", "norm": 60}'
busy = socket.create_connection(("127.0.0.1", PORT), timeout=30)
busy.sendall(b"POST /api/v1/impact HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
             + f"Content-Length: {len(body)}\r\n\r\n".encode() + body[:10])
# A request inside its handler: a write waiting (busy or lock timeout 5 s) for a database
# that another connection holds locked.
lock = DatabaseLock(DB)
body2 = b'{"role": "analyst", "label": "during-stop"}'
writing = socket.create_connection(("127.0.0.1", PORT), timeout=30)
writing.sendall(b"POST /api/v1/tokens HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                + f"Authorization: Bearer {ADMIN}\r\nContent-Length: {len(body2)}\r\n\r\n".encode()
                + body2)
time.sleep(0.3)
os.kill(PID, signal.SIGTERM)
time.sleep(0.5)

# New clients are refused at once.
try:
    c = socket.create_connection(("127.0.0.1", PORT), timeout=5)
    c.sendall(b"GET /api/v1/health HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
    st, _, _ = read_response(c)
    refused = st is None
except OSError:
    refused = True
ok(refused, "a new connection after SIGTERM is refused")

# The handler still running finishes once the database is free, and is answered.
lock.release()
st, h, payload = read_response(writing)
ok(st == 201 and b'"token"' in payload, f"the request inside its handler at SIGTERM is answered (got {st})")
ok(h.get("connection", "").lower() == "close", "its answer says Connection: close")

# The request in progress finishes with its answer.
busy.sendall(body[10:])
st, h, payload = read_response(busy)
ok(st == 200 and b'"intervention"' in payload, f"the request in progress is answered (got {st})")
ok(h.get("connection", "").lower() == "close", "its answer says Connection: close")

# The idle keep-alive connection is closed cleanly (end of stream, no partial answer).
idle.settimeout(15)
try:
    rest = idle.recv(65536)
except ConnectionResetError:
    rest = b""
ok(rest == b"", "the idle keep-alive connection is closed without a partial answer")
print(f"{passed} passed, {failed} failed")
sys.exit(1 if failed else 0)
