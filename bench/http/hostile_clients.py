"""Hostile traffic for bench/http/hostile.sh (issue 12), loopback only, bounded in time:
slow clients that trickle one header line every 2 s and reconnect when cut or refused, at
their next line (slowloris), and clients guessing the secret of a real token id as fast as
they are answered. The attackers run at the lowest CPU priority: on one machine they
compete with the server for the cores, which an attacker elsewhere would not.

usage: hostile_clients.py PORT SECONDS SLOW GUESSERS TOKEN_ID OUT.json
Slow clients come from 127.0.0.2, guessers from 127.0.0.3 (the normal traffic of the
benchmark from 127.0.0.1). Writes what the attackers saw as JSON to OUT.json."""
import json
import os
import multiprocessing as mp
import selectors
import socket
import sys
import time


def slow_clients(port, seconds, n, out):
    """n connections trickling headers; a cut connection is opened again."""
    end = time.monotonic() + seconds
    sel = selectors.DefaultSelector()
    socks = {}
    stats = {"connects": 0, "refused_or_cut": 0, "lines": 0, "answered": 0}

    def open_one(i):
        try:
            s = socket.create_connection(("127.0.0.1", port), timeout=2, source_address=("127.0.0.2", 0))
            s.setblocking(False)
            s.send(b"GET /api/v1/health HTTP/1.1\r\nHost: x\r\n")
            socks[i] = s
            sel.register(s, selectors.EVENT_READ, i)
            stats["connects"] += 1
        except OSError:
            stats["refused_or_cut"] += 1

    for i in range(n):
        open_one(i)
    tick = 0
    while time.monotonic() < end:
        tick += 1
        next_line = time.monotonic() + 2
        while time.monotonic() < min(next_line, end):
            for key, _ in sel.select(timeout=0.1):
                i = key.data
                try:
                    data = key.fileobj.recv(4096)
                except OSError:
                    data = b""
                sel.unregister(key.fileobj)
                key.fileobj.close()
                socks.pop(i, None)
                stats["answered" if data else "refused_or_cut"] += 1
                # a slow client tries again at its next line, 2 s on (no connection flood)
        for i in list(socks):
            try:
                socks[i].send(f"X-Slow-{tick}: {tick}\r\n".encode())
                stats["lines"] += 1
            except OSError:
                pass
        for i in range(n):  # reopen those that could not connect
            if i not in socks:
                open_one(i)
    for s in socks.values():
        s.close()
    out.put(("slow", stats))


def guesser(port, seconds, token_id, out):
    end = time.monotonic() + seconds
    forged = f"zlt_{token_id}_" + "A" * 43
    codes = {}
    while time.monotonic() < end:
        try:
            s = socket.create_connection(("127.0.0.1", port), timeout=5, source_address=("127.0.0.3", 0))
            s.sendall(f"GET /api/v1/health HTTP/1.1\r\nHost: x\r\nConnection: close\r\n"
                      f"Authorization: Bearer {forged}\r\n\r\n".encode())
            data = s.recv(4096)
            s.close()
            code = data.split(b" ")[1].decode() if data.startswith(b"HTTP/") else "none"
        except OSError:
            code = "error"
        codes[code] = codes.get(code, 0) + 1
    out.put(("guess", codes))


def main():
    os.nice(19)
    port, seconds, slow, guessers, token_id, out_path = (int(sys.argv[1]), float(sys.argv[2]),
                                                         int(sys.argv[3]), int(sys.argv[4]),
                                                         sys.argv[5], sys.argv[6])
    q = mp.Queue()
    procs = [mp.Process(target=slow_clients, args=(port, seconds, slow, q))]
    procs += [mp.Process(target=guesser, args=(port, seconds, token_id, q)) for _ in range(guessers)]
    for p in procs:
        p.start()
    results = [q.get() for _ in procs]
    for p in procs:
        p.join()
    summary = {"slow": {}, "guess": {}}
    for kind, r in results:
        for k, v in r.items():
            summary[kind][k] = summary[kind].get(k, 0) + v
    with open(out_path, "w") as f:
        json.dump(summary, f)


if __name__ == "__main__":
    main()
