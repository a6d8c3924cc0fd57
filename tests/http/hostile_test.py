"""Hostile clients against a running `zl serve` (issue 12): the reproducers of the issue
over raw sockets. Every request must get an answer; bad bytes, ambiguous headers and
repeated parameters are 400 with a JSON error; failed authentication is throttled (429
with Retry-After); an expired token is 401; a locked database (SQLite file or PostgreSQL URI) is 503 with Retry-After;
OPTIONS without CORS is a JSON 405; a request trickled for longer than the request time
limit is cut; connections per client address are limited.

usage: hostile_test.py PORT ADMIN_TOKEN ANALYST_TOKEN EXPIRED_TOKEN DB PER_IP REQUEST_TIMEOUT
The server must run with --max-per-ip PER_IP --request-timeout REQUEST_TIMEOUT."""
import json
import socket
import sys
import threading
import time

from dblock import DatabaseLock

PORT = int(sys.argv[1])
ADMIN, ANALYST, EXPIRED, DB = sys.argv[2:6]
PER_IP, REQ_TIMEOUT = int(sys.argv[6]), int(sys.argv[7])
passed = failed = 0


def ok(cond, what):
    global passed, failed
    if cond:
        passed += 1
        print("ok -", what)
    else:
        failed += 1
        print("not ok -", what)


def connect(source="127.0.0.1", timeout=30):
    return socket.create_connection(("127.0.0.1", PORT), timeout=timeout,
                                    source_address=(source, 0))


def read_response(s):
    """Reads one HTTP response: (status, headers (lower-case names), body bytes), or
    (None, {}, b"") when the server closed without answering."""
    data = b""
    while b"\r\n\r\n" not in data:
        try:
            chunk = s.recv(65536)
        except (ConnectionResetError, socket.timeout):
            return None, {}, b""
        if not chunk:
            return None, {}, b""
        data += chunk
    head, body = data.split(b"\r\n\r\n", 1)
    lines = head.decode("latin-1").split("\r\n")
    status = int(lines[0].split()[1])
    headers = {}
    for line in lines[1:]:
        k, v = line.split(":", 1)
        headers.setdefault(k.strip().lower(), v.strip())
    length = int(headers.get("content-length", "0"))
    while len(body) < length:
        chunk = s.recv(65536)
        if not chunk:
            break
        body += chunk
    return status, headers, body


def raw(request, source="127.0.0.1"):
    """Sends raw request bytes on a new connection; returns the response."""
    s = connect(source)
    try:
        s.sendall(request)
        return read_response(s)
    finally:
        s.close()


def get(target, headers=(), source="127.0.0.1"):
    req = f"GET {target} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n".encode("latin-1")
    for h in headers:
        req += h.encode("latin-1") + b"\r\n"
    return raw(req + b"\r\n", source)


def post(target, body, headers=(), source="127.0.0.1"):
    req = (f"POST {target} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n"
           f"Content-Type: application/json\r\nContent-Length: {len(body)}\r\n").encode()
    for h in headers:
        req += h.encode("latin-1") + b"\r\n"
    return raw(req + b"\r\n" + body, source)


def json_error(status, headers, body, code):
    """True when the answer is a JSON error document with this status code's name."""
    if not headers.get("content-type", "").startswith("application/json"):
        return False
    try:
        v = json.loads(body.decode("utf-8"))  # strict: the body must be valid UTF-8
    except (UnicodeDecodeError, ValueError):
        return False
    return isinstance(v.get("error"), dict) and v["error"].get("code") == code


# ---- invalid UTF-8 and NUL bytes anywhere: always a JSON 400 ----
BAD = ["%ff", "%c3", "%c3%28", "%e2%82", "%e2%28%a1", "%f0%9f%98", "%f0%28%8c%bc", "%ed%a0%80",
       "%ed%bf%bf", "%c0%af", "%c1%bf", "%e0%80%af", "%f0%80%80%af", "%f4%90%80%80", "%f8%88%80%80%80",
       "%fe", "%80", "%bf", "a%ffb", "%00", "a%00b", "%0a", "%1b[31m", "%7f", "LUNG%00", "%c3%a9%ff"]
targets = []
for b in BAD:
    targets.append(f"/api/v1/norms?intervention={b}")
for b in ["%ff", "%00", "%c3"]:
    targets += [f"/api/v1/norms?{b}=LUNG", f"/api/v1/areas/{b}", f"/api/v1/rare/diseases/ORPHA:{b}",
                f"/finder{b}.html", f"/api/v1/health?x{b}"]
targets += ["/index.html%00.png", "/api/v1/health%00", "/%00", "/api/v1/rare/find?q=marfan%00"]
for t in targets:
    st, h, body = get(t)
    ok(st == 400 and json_error(st, h, body, "bad_request"), f"GET {t}: JSON 400 (got {st})")
st, h, body = get("/index.html%00.png")
ok(b"<html" not in body.lower() and b"<!doctype" not in body.lower(),
   "/index.html%00.png does not serve index.html")

# Long valid UTF-8 that an error message quotes (cut to a length): still valid JSON.
for name in ["stop", "keep"]:
    t = f"/api/v1/impact?intervention=LUNG&norm=60&{name}=" + "%C3%A9" * 500
    st, h, body = get(t)
    ok((st, json_error(st, h, body, "not_found")) == (404, True),
       f"500 x e-acute in {name}= (quoted, cut): a JSON 404 (got {st})")
for n in range(1, 8):  # every cut position inside a multi-byte character
    t = "/api/v1/locations/" + "x" * n + "%F0%9F%98%80" * 40
    st, h, body = get(t)
    ok(st == 404 and json_error(st, h, body, "not_found"), f"long id with 4-byte characters (+{n}): JSON 404 (got {st})")
st, h, body = get("/api/v1/rare/find?q=" + "%E2%82%AC" * 300)
ok(st == 400 and json_error(st, h, body, "bad_request"), f"overlong finder query: JSON 400 (got {st})")

# Bodies: invalid UTF-8, a NUL byte, an escaped NUL.
for what, body in [("invalid UTF-8", b'{"intervention": "\xff\xfe"}'),
                   ("a NUL byte", b'{"intervention": "LU\x00NG"}'),
                   ("an escaped NUL", b'{"intervention": "LU\\u0000NG"}'),
                   ("a NUL after the object", b'{"intervention": "LUNG"}\x00'),
                   ("overlong UTF-8", b'{"intervention": "\xc0\xaf"}'),
                   ("a lone surrogate escape", b'{"intervention": "\\ud800"}')]:
    st, h, b2 = post("/api/v1/impact", body)
    ok(st == 400 and json_error(st, h, b2, "bad_request"), f"POST body with {what}: JSON 400 (got {st})")

# ---- ambiguous requests: 400 ----
st, h, body = raw(b"POST /api/v1/impact HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                  b"Content-Length: 26\r\nContent-Length: 5\r\nConnection: close\r\n\r\n"
                  b'{"intervention": "LUNG"}  ')
ok(st == 400 and json_error(st, h, body, "bad_request"), f"conflicting Content-Length: 400 (got {st})")
st, h, body = raw(b"POST /api/v1/impact HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                  b"Content-Length: 5\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n"
                  b"5\r\n{}   \r\n0\r\n\r\n")
ok(st == 400 and json_error(st, h, body, "bad_request"), f"Content-Length with Transfer-Encoding: 400 (got {st})")
st, h, body = get("/api/v1/norms?intervention=LUNG&intervention=AAA")
ok(st == 400 and json_error(st, h, body, "bad_request") and b"more than once" in body,
   f"duplicated query parameter: 400 (got {st})")
st, h, body = get("/api/v1/norms?intervention=LUNG&year=2020&year=2020")
ok(st == 400, f"duplicated query parameter with equal values: 400 (got {st})")
st, h, body = get("/api/v1/whoami", [f"Authorization: Bearer {ADMIN}", f"Authorization: Bearer {ANALYST}"])
ok(st == 400 and json_error(st, h, body, "bad_request"), f"two Authorization headers: 400 (got {st})")
st, h, body = get("/api/v1/whoami", [f"Authorization: Bearer {ADMIN}", f"authorization: Bearer {ADMIN}"])
ok(st == 400, f"Authorization twice in different case: 400 (got {st})")
st, h, body = get("/api/v1/whoami", [f"Authorization: Bearer {ADMIN}"])
ok(st == 200, f"one Authorization header still works (got {st})")
st, h, body = get("/api/v1/norms?intervention=LUNG")
ok(st == 200, f"a plain request still works (got {st})")

# ---- OPTIONS without CORS: a JSON 405 ----
st, h, body = raw(b"OPTIONS /api/v1/health HTTP/1.1\r\nHost: x\r\nOrigin: http://evil.example\r\n"
                  b"Access-Control-Request-Method: GET\r\nConnection: close\r\n\r\n")
ok(st == 405 and json_error(st, h, body, "method_not_allowed"), f"OPTIONS without CORS: JSON 405 (got {st})")
ok("access-control-allow-origin" not in h, "no CORS header on the 405")

# ---- expired token: 401 ----
st, h, body = get("/api/v1/whoami", [f"Authorization: Bearer {EXPIRED}"])
ok(st == 401 and json_error(st, h, body, "unauthorized") and b"expired" in body,
   f"expired token: 401 'expired' (got {st})")

# ---- failed authentication throttled per token id and per address ----
admin_id = ADMIN.split("_")[1]
forged = "zlt_" + admin_id + "_" + "A" * 43
t0 = time.monotonic()
codes = [get("/api/v1/health", [f"Authorization: Bearer {forged}"], source="127.0.0.2")[0] for _ in range(12)]
bound = 5 + (time.monotonic() - t0) / 2 + 1  # the id's bucket: 5, then one every 2 s
ok(codes.count(401) >= 1 and codes.count(401) <= bound and codes[-1] == 429,
   f"wrong secret for a real id: a few 401, then 429 (got {codes})")
st, h, body = get("/api/v1/health", [f"Authorization: Bearer {forged}"], source="127.0.0.2")
ok(st == 429 and json_error(st, h, body, "too_many_requests") and h.get("retry-after", "0").isdigit()
   and int(h["retry-after"]) >= 1, f"429 with Retry-After (got {st}, {h.get('retry-after')})")
# The same forged id from another address: throttled by the id.
st, h, body = get("/api/v1/health", [f"Authorization: Bearer {forged}"], source="127.0.0.3")
ok(st == 429, f"the throttled token id from another address: 429 (got {st})")
# The token's holder, who used it before the attack, is not locked out, even from the
# throttled address.
st, h, body = get("/api/v1/whoami", [f"Authorization: Bearer {ADMIN}"], source="127.0.0.2")
ok(st == 200, f"the real token still works for its holder during the attack (got {st})")
# Unknown ids from one address: throttled by the address.
t0 = time.monotonic()
codes = [get("/api/v1/health", [f"Authorization: Bearer zlt_{i:012x}_" + "B" * 43], source="127.0.0.4")[0]
         for i in range(30)]
bound = 20 + (time.monotonic() - t0) + 1  # the address's bucket: 20, then one a second
ok(codes[-1] == 429 and codes.count(401) <= bound, f"many unknown ids from one address: 429 (got {codes})")
# Anonymous requests from a throttled address and other tokens elsewhere are unaffected.
st, h, body = get("/api/v1/health", source="127.0.0.4")
ok(st == 200, f"anonymous request from a throttled address: 200 (got {st})")
st, h, body = get("/api/v1/whoami", [f"Authorization: Bearer {ANALYST}"], source="127.0.0.5")
ok(st == 200, f"another token from another address: 200 (got {st})")
# 8 clients guessing in parallel: the secret is checked (argon2id) only as often as the
# buckets refill, however many guesses arrive; anonymous requests are served meanwhile.
# (Latency under this load: bench/http, hostile mix.)
stop = threading.Event()
answers = []


def guess(source):
    while not stop.is_set():
        answers.append(get("/api/v1/health", [f"Authorization: Bearer {forged}"], source=source)[0])


threads = [threading.Thread(target=guess, args=(f"127.0.1.{i + 1}",)) for i in range(8)]
t0 = time.monotonic()
for t in threads:
    t.start()
health = [get("/api/v1/health")[0] for _ in range(20)]
time.sleep(1)
stop.set()
for t in threads:
    t.join()
elapsed = time.monotonic() - t0
checked = answers.count(401)
ok(set(health) == {200}, f"/health while 8 clients guess a secret: all 200 ({len(health)})")
ok(len(answers) > 20 and set(answers) <= {401, 429} and checked <= 5 + elapsed / 2 + 1,
   f"{len(answers)} guesses in {elapsed:.1f} s, only {checked} checked (401), the rest 429")

# ---- a locked database: 503 with Retry-After ----
lock = DatabaseLock(DB)
st, h, body = post("/api/v1/tokens", b'{"role": "analyst"}', [f"Authorization: Bearer {ADMIN}"])
lock.release()
ok(st == 503 and json_error(st, h, body, "busy") and h.get("retry-after", "").isdigit(),
   f"write while the database is locked: 503 with Retry-After (got {st}, {h.get('retry-after')})")
st, h, body = post("/api/v1/tokens", b'{"role": "analyst", "expires": "1d"}', [f"Authorization: Bearer {ADMIN}"])
v = json.loads(body) if st == 201 else {}
ok(st == 201 and v.get("token", "").startswith("zlt_"), f"the same write once unlocked: 201 (got {st})")
st, h, body = post("/api/v1/tokens", b'{"role": "analyst", "expires": "1y"}', [f"Authorization: Bearer {ADMIN}"])
ok(st == 400, f"a malformed lifetime: 400 (got {st})")

# ---- connections per client address ----
held = [connect("127.0.0.7") for _ in range(PER_IP)]
for s in held:  # each connection starts a request, so the server has surely accepted it
    s.sendall(b"GET /api/v1/health HTTP/1.1\r\nHost: x\r\n")
time.sleep(0.3)
extra = connect("127.0.0.7", timeout=5)
extra.sendall(b"GET /api/v1/health HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
st, h, body = read_response(extra)
extra.close()
ok(st is None, f"connection {PER_IP + 1} from one address is refused (got {st})")
st, h, body = get("/api/v1/health", source="127.0.0.8")
ok(st == 200, f"another address is served meanwhile (got {st})")

# ---- a request trickled past the request time limit is cut ----
# The held connections trickle one header line every 0.5 s; the server must close them
# about REQ_TIMEOUT seconds after their request line, though they are never idle.
t0 = time.monotonic()
cut = 0
for i in range(int(REQ_TIMEOUT * 2 / 0.5) + 20):
    for s in held:
        try:
            s.sendall(f"X-Slow-{i}: {i}\r\n".encode())
        except OSError:
            pass
    time.sleep(0.5)
    cut = 0
    for s in held:
        s.settimeout(0.001)
        try:
            if s.recv(1) == b"":
                cut += 1
        except socket.timeout:
            pass
        except OSError:
            cut += 1
    if cut == len(held):
        break
elapsed = time.monotonic() - t0
ok(cut == len(held), f"trickling clients are cut ({cut}/{len(held)} after {elapsed:.1f} s)")
ok(elapsed >= REQ_TIMEOUT - 1, f"not before the request time limit ({elapsed:.1f} s >= {REQ_TIMEOUT - 1} s)")
for s in held:
    s.close()
st, h, body = get("/api/v1/health", source="127.0.0.7")
ok(st == 200, f"the address is served again once its slow connections are gone (got {st})")

print(f"{passed} passed, {failed} failed")
sys.exit(1 if failed else 0)
