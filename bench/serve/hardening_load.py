#!/usr/bin/env python3
"""A bounded loopback load test of `timbre serve`'s limits (standard library only).

It starts the server itself (through ./timbre, with a temporary directory of its own), and runs two phases:

  A. At the same moment: 20 good uploads (the real IRMAS testing clip in ../shared, raw and multipart alternating),
     slow clients that trickle 200 bytes/s, silent clients that send headers and stop, oversize bodies (declared
     and streamed), and malformed bodies (shorter than their Content-Length, bad chunk sizes, a NUL in a multipart
     file name, two files in one body, random bytes named .mp3 sent raw and as multipart, a truncated WAV).
  B. With one worker and a 1-s timeout: a recording that takes longer than that to recognize, then at once a good
     one. The first must be answered 503 and its worker freed, so the second is served without waiting for it.

After each phase the server is stopped with SIGTERM and its temporary directory must hold nothing. The output is a
table per case (statuses, answer times) and the checks, as Markdown. Only 127.0.0.1 is ever contacted.

    python3 bench/serve/hardening_load.py --port 18090
"""
import argparse
import json
import math
import os
import random
import shutil
import signal
import socket
import struct
import subprocess
import sys
import tempfile
import threading
import time

HOST = "127.0.0.1"


def http(port, request, *, half_close=False, trickle=None, timeout=120):
    """Sends a raw request; returns (status or error text, seconds, body). trickle = (body, piece, pause)."""
    start = time.monotonic()
    s = socket.create_connection((HOST, port), timeout=timeout)
    try:
        s.sendall(request)
        if trickle:
            body, piece, pause = trickle
            s.setblocking(False)
            for i in range(0, len(body), piece):
                try:
                    if s.recv(1, socket.MSG_PEEK):
                        break  # the server has answered
                except BlockingIOError:
                    pass
                except OSError:
                    break
                try:
                    s.sendall(body[i:i + piece])
                except OSError:
                    break
                time.sleep(pause)
            s.setblocking(True)
            s.settimeout(timeout)
        if half_close:
            s.shutdown(socket.SHUT_WR)
        data = b""
        while True:
            try:
                chunk = s.recv(65536)
            except (ConnectionResetError, socket.timeout) as e:
                if not data:
                    return type(e).__name__, time.monotonic() - start, b""
                break
            if not chunk:
                break
            data += chunk
            head, sep, rest = data.partition(b"\r\n\r\n")
            if sep:
                length = [int(line.split(b":")[1]) for line in head.split(b"\r\n")
                          if line.lower().startswith(b"content-length:")]
                if length and len(rest) >= length[0]:
                    break
    finally:
        s.close()
    elapsed = time.monotonic() - start
    if not data.startswith(b"HTTP/1.1 "):
        return "no answer", elapsed, data
    status = int(data[9:12])
    head, _, body = data.partition(b"\r\n\r\n")
    return status, elapsed, body


def post(headers, body, length=None):
    lines = ["POST /v1/recognize HTTP/1.1", "Host: 127.0.0.1", "Connection: close"] + headers
    if length is not None:
        lines.append("Content-Length: %d" % length)
    return ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1") + body


def multipart(files):
    boundary = "----timbre-load-%d" % random.randrange(1 << 30)
    out = b""
    for field, name, content in files:
        out += ("--%s\r\nContent-Disposition: form-data; name=\"%s\"; filename=\"%s\"\r\n"
                "Content-Type: application/octet-stream\r\n\r\n" % (boundary, field, name)).encode("latin-1")
        out += content + b"\r\n"
    out += ("--%s--\r\n" % boundary).encode("latin-1")
    return "Content-Type: multipart/form-data; boundary=" + boundary, out


def wav16(samples, rate):
    data = struct.pack("<%dh" % len(samples), *samples)
    return (b"RIFF" + struct.pack("<I", 36 + len(data)) + b"WAVEfmt " + struct.pack("<IHHIIHH", 16, 1, 1, rate,
            rate * 2, 2, 16) + b"data" + struct.pack("<I", len(data)) + data)


def long_recording(seconds, rate=16_000):
    """Tones that change every 0.4 s, with a little noise (a 10-s phrase repeated): music enough to be above the
    energy floor throughout."""
    rng = random.Random(7)
    phrase = []
    phase = 0.0
    for step in range(25):
        freq = rng.choice([196.0, 220.0, 262.0, 330.0, 392.0, 440.0, 523.0])
        for _ in range(rate * 2 // 5):
            phase += 2 * math.pi * freq / rate
            v = 0.25 * (math.sin(phase) + 0.5 * math.sin(2 * phase)) + rng.gauss(0, 0.01)
            phrase.append(max(-32768, min(32767, int(v * 32767))))
    return wav16(phrase * (seconds // 10), rate)


class Server:
    def __init__(self, timbre, port, tmp, args):
        self.port = port
        self.tmp = tmp
        self.log = os.path.join(tmp, "..", "serve-%d-%d.log" % (port, int(time.time() * 1000)))
        env = dict(os.environ, TIMBRE_JAVA_OPTS=(os.environ.get("TIMBRE_JAVA_OPTS", "") + " -Djava.io.tmpdir=" + tmp))
        self.out = open(self.log, "w")
        self.proc = subprocess.Popen([timbre, "serve", "--port", str(port)] + args, stdout=self.out,
                                     stderr=subprocess.STDOUT, env=env)
        deadline = time.monotonic() + 300
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise SystemExit("server exited: " + open(self.log).read())
            try:
                status, _, _ = http(port, b"GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n", timeout=5)
                if status == 200:
                    return
            except OSError:
                pass
            time.sleep(0.5)
        raise SystemExit("server did not start")

    def stop(self):
        self.proc.send_signal(signal.SIGTERM)
        code = self.proc.wait(timeout=120)
        self.out.close()
        left = []
        for root, dirs, files in os.walk(self.tmp):
            left += [os.path.join(root, d) for d in dirs] + [os.path.join(root, f) for f in files]
        # The readiness checks are requests too; the cases are the POSTs.
        lines = [l for l in open(self.log).read().splitlines() if l.startswith("POST ")]
        return code, left, lines


def phase_a(port, clip, noise, cut_wav):
    cases = []  # (case, expected statuses, request kwargs)
    for i in range(20):
        if i % 2 == 0:
            cases.append(("good upload (raw)", {200}, dict(request=post(["Content-Type: audio/wav"], clip, len(clip)))))
        else:
            ctype, body = multipart([("file", "good-%d.wav" % i, clip)])
            cases.append(("good upload (multipart)", {200}, dict(request=post([ctype], body, len(body)))))
    slow_body = os.urandom(64 * 1024)
    for i in range(8):
        cases.append(("slow client, 200 bytes/s", {408}, dict(request=post([], b"", len(slow_body)),
                                                               trickle=(slow_body, 20, 0.1))))
    for i in range(2):
        cases.append(("silent client (headers only)", {408}, dict(request=post([], b"RIFF", 100_000))))
    for i in range(2):
        cases.append(("oversize, declared (60 MiB)", {413}, dict(request=post([], b"", 60 << 20), half_close=True)))
    big = os.urandom(51 << 20)
    cases.append(("oversize, chunked (51 MiB streamed)", {413},
                  dict(request=post(["Transfer-Encoding: chunked"], ("%x\r\n" % len(big)).encode() + big
                                    + b"\r\n0\r\n\r\n"))))
    for i in range(2):
        cases.append(("body shorter than Content-Length", {400},
                      dict(request=post([], b"RIFFabc", 1000), half_close=True)))
        cases.append(("bad chunk size", {400},
                      dict(request=post(["Transfer-Encoding: chunked"], b"ZZZ\r\nabc\r\n0\r\n\r\n"), half_close=True)))
        nul = (b"--B\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a\x00b.wav\"\r\n\r\nRIFFxxxx\r\n"
               b"--B--\r\n")
        cases.append(("NUL in a multipart file name", {400},
                      dict(request=post(["Content-Type: multipart/form-data; boundary=B"], nul, len(nul)))))
        ctype, two = multipart([("file", "a.wav", clip[:50_000]), ("file", "b.wav", clip[:50_000])])
        cases.append(("two files in one multipart body", {400}, dict(request=post([ctype], two, len(two)))))
    cases.append(("random bytes, raw", {415}, dict(request=post([], noise, len(noise)))))
    ctype, body = multipart([("file", "noise.mp3", noise)])
    cases.append(("random bytes named .mp3, multipart", {415}, dict(request=post([ctype], body, len(body)))))
    cases.append(("truncated WAV, raw", {400}, dict(request=post([], cut_wav, len(cut_wav)))))
    ctype, body = multipart([("file", "cut.wav", cut_wav)])
    cases.append(("truncated WAV, multipart", {400}, dict(request=post([ctype], body, len(body)))))

    results = [None] * len(cases)
    barrier = threading.Barrier(len(cases))

    def run(i):
        case, expected, kwargs = cases[i]
        barrier.wait()
        status, seconds, body = http(port, **kwargs)
        json_error = True
        if status != 200 and isinstance(status, int):
            try:
                e = json.loads(body)
                json_error = e.get("status") == status and "Exception" not in e.get("error", "") \
                    and "org." not in e.get("error", "")
            except ValueError:
                json_error = False
        results[i] = (case, expected, status, seconds, json_error)

    threads = [threading.Thread(target=run, args=(i,)) for i in range(len(cases))]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return results


def phase_b(port, long_wav, clip, rounds):
    out = []
    for _ in range(rounds):
        first = {}

        def long_request():
            first["status"], first["seconds"], first["body"] = http(port, post([], long_wav, len(long_wav)))

        t = threading.Thread(target=long_request)
        t.start()
        t.join()
        status, seconds, _ = http(port, post([], clip, len(clip)))
        out.append((first["status"], first["seconds"], status, seconds))
    return out


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--port", type=int, default=18090)
    p.add_argument("--timbre", default="./timbre")
    p.add_argument("--clip", default="../shared/irmas-sample/IRMAS-TestingData-Part1/02 - And The Body Will Die-8.wav")
    p.add_argument("--rounds", type=int, default=3, help="timeout rounds in phase B")
    args = p.parse_args()
    clip = open(args.clip, "rb").read()
    rng = random.Random(3)
    noise = bytes(rng.randrange(256) for _ in range(40_000))
    noise = b"\0" + noise[1:]
    cut_wav = clip[:30]
    work = tempfile.mkdtemp(prefix="timbre-load-")
    ok = True
    try:
        tmp_a = os.path.join(work, "tmp-a")
        os.makedirs(tmp_a)
        server = Server(args.timbre, args.port, tmp_a, ["--queue", "24"])
        started = time.monotonic()
        results = phase_a(args.port, clip, noise, cut_wav)
        wall = time.monotonic() - started
        code, left, lines = server.stop()
        print("## Phase A: %d requests at once (`timbre serve --port %d --queue 24`, other limits default), %.1f s"
              % (len(results), args.port, wall))
        print()
        print("| case | requests | expected | statuses | JSON error bodies | slowest answer (s) |")
        print("| --- | --- | --- | --- | --- | --- |")
        by_case = {}
        for case, expected, status, seconds, json_error in results:
            by_case.setdefault(case, []).append((expected, status, seconds, json_error))
        for case, rows in by_case.items():
            statuses = {}
            for _, status, _, _ in rows:
                statuses[status] = statuses.get(status, 0) + 1
            expected = rows[0][0]
            good = all(s in expected for _, s, _, _ in rows) and all(j for _, _, _, j in rows)
            ok &= good
            print("| %s | %d | %s | %s | %s | %.1f |" % (
                case, len(rows), "/".join(map(str, sorted(expected))),
                ", ".join("%s × %d" % (s, n) for s, n in sorted(statuses.items(), key=str)),
                "n/a" if 200 in expected else ("yes" if all(j for _, _, _, j in rows) else "NO"),
                max(r[2] for r in rows)))
        good_failed = sum(1 for c, e, s, _, _ in results if 200 in e and s != 200)
        print()
        print("- good uploads failed: %d of %d" % (good_failed, sum(1 for c, e, *_ in results if 200 in e)))
        print("- request-log lines on the server's stdout: %d for %d requests, e.g. `%s` and `%s`" % (
            len(lines), len(results), next((l for l in lines if " 200 " in l and "file=\"good" in l), "none"),
            next((l for l in lines if " 408 " in l), "none")))
        print("- after SIGTERM: exit code %d, left in the server's temporary directory: %s" % (code, left or "nothing"))
        ok &= good_failed == 0 and not left and len(lines) == len(results)

        tmp_b = os.path.join(work, "tmp-b")
        os.makedirs(tmp_b)
        long_wav = long_recording(590)
        server = Server(args.timbre, args.port, tmp_b, ["--workers", "1", "--queue", "1", "--timeout-seconds", "1"])
        rounds = phase_b(args.port, long_wav, clip, args.rounds)
        code, left, lines = server.stop()
        print()
        print("## Phase B: a 590-s recording against `--workers 1 --queue 1 --timeout-seconds 1`, then at once the "
              "20-s clip")
        print()
        print("| round | long recording | answered after (s) | next request | answered after (s) |")
        print("| --- | --- | --- | --- | --- |")
        for i, (s1, t1, s2, t2) in enumerate(rounds, 1):
            print("| %d | %s | %.2f | %s | %.2f |" % (i, s1, t1, s2, t2))
            ok &= s1 == 503 and s2 == 200
        print()
        print("- after SIGTERM: exit code %d, left in the server's temporary directory: %s" % (code, left or "nothing"))
        ok &= not left
    finally:
        shutil.rmtree(work, ignore_errors=True)
    print()
    print("All checks passed." if ok else "SOME CHECKS FAILED.")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
