"""Token checks off the event threads (issue 12): a token secret not verified before is
checked with argon2id by the server's hashing thread while the connection waits
suspended, so requests that need no hashing are answered meanwhile, even by a server
with a single worker thread; the queue of checks is bounded (503 with Retry-After when
full); a stop with checks waiting answers every request and exits cleanly.

usage: hasher_test.py PORT MODE TOKEN...
  MODE queue: the server runs with --threads 1; 9 tokens: the first is never used before
              (fresh), the next 8 are real ids whose secrets are guessed.
  MODE stop PID: 3 real ids; sends SIGTERM to PID while their guesses wait.
Every guess comes from its own address, so only the token ids' buckets (5 attempts)
limit them."""
import json
import os
import select
import signal
import socket
import sys

PORT, MODE = int(sys.argv[1]), sys.argv[2]
passed = failed = 0


def ok(cond, what):
    global passed, failed
    passed, failed = (passed + 1, failed) if cond else (passed, failed + 1)
    print(("ok - " if cond else "not ok - ") + what)


def send(path, token=None, source="127.0.0.1"):
    """Opens a connection and sends one GET; returns the socket (answer unread)."""
    s = socket.create_connection(("127.0.0.1", PORT), timeout=120, source_address=(source, 0))
    req = f"GET {path} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n"
    if token:
        req += f"Authorization: Bearer {token}\r\n"
    s.sendall((req + "\r\n").encode())
    return s


def answer(s):
    """(status, headers, body) of the answer on s; (None, {}, b"") when closed unanswered."""
    data = b""
    try:
        while True:
            chunk = s.recv(65536)
            if not chunk:
                break
            data += chunk
    except OSError:
        pass
    s.close()
    if b"\r\n\r\n" not in data:
        return None, {}, b""
    head, body = data.split(b"\r\n\r\n", 1)
    lines = head.decode("latin-1").split("\r\n")
    headers = {k.strip().lower(): v.strip() for k, v in (l.split(":", 1) for l in lines[1:])}
    return int(lines[0].split()[1]), headers, body


def answered(s):
    """True when s has something to read (an answer, or the server closed it)."""
    return bool(select.select([s], [], [], 0)[0])


def guess(token, i):
    """A wrong secret for the real id of token, from address 127.0.2.i."""
    forged = "zlt_" + token.split("_")[1] + "_" + "A" * 43
    return send("/api/v1/health", forged, source=f"127.0.2.{i}")


def error_code(body):
    try:
        return json.loads(body)["error"]["code"]
    except (ValueError, KeyError, TypeError):
        return None


if MODE == "queue":
    fresh, ids = sys.argv[3], sys.argv[4:12]
    # Four argon2id checks waiting (each 50 ms to 1 s of CPU), then an anonymous request
    # on the one worker thread: it is answered while checks still wait.
    waiting = [guess(ids[i], i + 1) for i in range(4)]
    st, h, body = answer(send("/api/v1/health"))
    still = sum(not answered(s) for s in waiting)
    ok(st == 200 and still >= 1,
       f"/health answered (got {st}) while {still} of 4 token checks still wait (single worker thread)")
    codes = [answer(s)[0] for s in waiting]
    ok(codes == [401] * 4, f"the wrong secrets are refused once checked: 401 (got {codes})")
    # A fresh valid token: checked by the hashing thread, then remembered.
    st, h, body = answer(send("/api/v1/whoami", fresh))
    ok(st == 200 and json.loads(body).get("role") == "analyst",
       f"a valid token used for the first time: 200 (got {st})")
    # 20 guesses at once (5 for each of 4 ids): the queue holds 16, the rest is told to
    # come back (503, Retry-After), nothing waits unanswered. A token verified before is
    # served meanwhile without waiting for the queue.
    burst = [guess(ids[4 + i % 4], 10 + i) for i in range(20)]
    st, h, body = answer(send("/api/v1/whoami", fresh, source="127.0.3.1"))
    still = sum(not answered(s) for s in burst)
    ok(st == 200 and still >= 1,
       f"a verified token is served (got {st}) while {still} of 20 checks still wait")
    got = [answer(s) for s in burst]
    codes = [g[0] for g in got]
    busy = [g for g in got if g[0] == 503]
    ok(set(codes) <= {401, 503} and len(busy) >= 1 and codes.count(401) >= 16,
       f"20 checks at once: at least 16 checked (401), the rest 503 (got {sorted(codes)})")
    ok(all(error_code(b) == "busy" and h.get("retry-after", "").isdigit() for _, h, b in busy),
       "each 503 is a JSON 'busy' error with Retry-After")
elif MODE == "stop":
    pid, ids = int(sys.argv[3]), sys.argv[4:7]
    waiting = [guess(ids[i % 3], 30 + i) for i in range(15)]
    st, h, body = answer(send("/api/v1/health"))  # the guesses have surely been read
    ok(st == 200, f"server up with 15 token checks queued (got {st})")
    os.kill(pid, signal.SIGTERM)
    codes = [answer(s)[0] for s in waiting]
    ok(set(codes) <= {401, 503} and len(codes) == 15,
       f"every waiting check is answered on stop: 401 or 503 (got {codes})")
else:
    sys.exit(f"unknown mode {MODE}")

print(f"{passed} passed, {failed} failed")
sys.exit(1 if failed else 0)
