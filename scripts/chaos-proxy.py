#!/usr/bin/env python3
"""A seeded chaos proxy between vas-view and vas-sim, on loopback only.

    scripts/chaos-proxy.py --target 127.0.0.1:8790 --seed 7 [--port 0] [--stats FILE]

Prints "listening on http://127.0.0.1:PORT" (one line, flushed) once it accepts
connections. Each client connection is forwarded to --target, both ways. What the
server sends back is split into small writes (1..--max-split bytes), some of them
delayed (up to --max-delay-ms, with --delay-chance), and a response that is an event
stream (its head says text/event-stream) is cut -- both sides closed -- after a number
of body bytes drawn per connection: between half and one and a half times --mean-cut.
The cut falls anywhere: inside an event, inside a UTF-8 character. Other responses (the
broadcast's details, refusals) pass uncut, so the viewer sees a working server.

Randomness comes from random.Random(--seed) only: the N-th connection accepted gets the
same cut offset, splits and delays on every run with the same seed.

SIGTERM or SIGINT stops it; --stats FILE is then written (a temporary file renamed into
place) as JSON: connections, event_streams, cuts, cut_offsets ([connection, body byte]),
bytes_to_client, bytes_to_server, upstream_failures.

Standard library only. One thread per direction of each connection, blocking I/O.
"""

import argparse
import ipaddress
import json
import os
import random
import re
import select
import signal
import socket
import sys
import threading
import time

HEAD_LIMIT = 64 * 1024
CONTENT_LENGTH = re.compile(rb"^content-length:\s*(\d+)\s*$", re.IGNORECASE | re.MULTILINE)


class Stats:
    def __init__(self, seed):
        self.lock = threading.Lock()
        self.values = {
            "seed": seed,
            "connections": 0,
            "event_streams": 0,
            "cuts": 0,
            "cut_offsets": [],
            "bytes_to_client": 0,
            "bytes_to_server": 0,
            "upstream_failures": 0,
        }

    def add(self, name, amount=1):
        with self.lock:
            self.values[name] += amount

    def cut(self, connection, offset):
        with self.lock:
            self.values["cuts"] += 1
            self.values["cut_offsets"].append([connection, offset])

    def write(self, path):
        with self.lock:
            text = json.dumps(self.values, indent=1, sort_keys=True) + "\n"
        folder = os.path.dirname(os.path.abspath(path))
        temporary = os.path.join(folder, ".%s.%d.tmp" % (os.path.basename(path), os.getpid()))
        with open(temporary, "w", encoding="utf-8") as out:
            out.write(text)
            out.flush()
            os.fsync(out.fileno())
        os.replace(temporary, path)


class Connection:
    """One client connection: the client->server direction forwarded as it is, the
    server->client direction split, delayed and (for an event stream) cut."""

    def __init__(self, index, client, target, seed, options, stats):
        self.index = index
        self.client = client
        self.target = target
        self.options = options
        self.stats = stats
        # Two generators from the connection's seed: the cut offset does not depend on
        # how the server's bytes happened to arrive, nor do the split points (the split
        # sizes run on across reads).
        self.cut_rng = random.Random(seed)
        self.split_rng = random.Random(seed ^ 0x5EED)
        self.budget = max(1, int(self.cut_rng.uniform(0.5, 1.5) * options.mean_cut))
        self.split_left = 0
        self.upstream = None
        self.closed = threading.Event()

    def run(self):
        try:
            self.upstream = socket.create_connection(self.target, timeout=5)
            self.upstream.settimeout(None)
        except OSError as error:
            self.stats.add("upstream_failures")
            print("chaos-proxy: cannot reach %s:%d: %s" % (self.target[0], self.target[1], error), file=sys.stderr)
            self.close()
            return
        for sock in (self.client, self.upstream):
            sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        threading.Thread(target=self.forward_up, daemon=True).start()
        try:
            self.forward_down()
        except OSError:
            pass
        finally:
            self.close()

    def forward_up(self):
        try:
            while True:
                data = self.client.recv(65536)
                if not data:
                    self.upstream.shutdown(socket.SHUT_WR)
                    return
                self.upstream.sendall(data)
                self.stats.add("bytes_to_server", len(data))
        except OSError:
            self.close()

    def forward_down(self):
        mode, head, remaining, streamed = "head", b"", 0, 0
        while True:
            data = self.upstream.recv(65536)
            if not data:
                if head:
                    self.send(head)
                return
            while data:
                if mode == "head":
                    head += data
                    data = b""
                    end = head.find(b"\r\n\r\n")
                    if end < 0:
                        if len(head) > HEAD_LIMIT:  # not HTTP as we know it: pass it on
                            mode, data, head = "pass", head, b""
                        continue
                    data, head = head[end + 4:], head[:end + 4]
                    self.send(head)
                    lower = head.lower()
                    length = CONTENT_LENGTH.search(head)
                    if b"text/event-stream" in lower:
                        mode = "stream"
                        self.stats.add("event_streams")
                    elif length and b"transfer-encoding" not in lower:
                        mode, remaining = "body", int(length.group(1))
                        if remaining == 0:
                            mode = "head"
                    else:
                        mode = "pass"
                    head = b""
                elif mode == "body":
                    part, data = data[:remaining], data[remaining:]
                    self.send(part)
                    remaining -= len(part)
                    if remaining == 0:
                        mode = "head"
                elif mode == "stream" and not self.options.no_cut:
                    left = self.budget - streamed
                    if len(data) >= left:
                        self.send(data[:left])
                        self.stats.cut(self.index, self.budget)
                        return  # run() closes both sides
                    self.send(data)
                    streamed += len(data)
                    data = b""
                else:  # "pass", or a stream that is never cut
                    self.send(data)
                    data = b""

    def send(self, data):
        """Small writes, some of them after a short pause."""
        view = memoryview(data)
        while len(view):
            if self.split_left == 0:
                self.split_left = self.split_rng.randint(1, self.options.max_split)
            chunk = view[:self.split_left]
            self.client.sendall(chunk)
            self.stats.add("bytes_to_client", len(chunk))
            self.split_left -= len(chunk)
            view = view[len(chunk):]
            if self.split_left == 0 and self.options.max_delay_ms > 0 \
                    and self.split_rng.random() < self.options.delay_chance:
                time.sleep(self.split_rng.uniform(0, self.options.max_delay_ms) / 1000)

    def close(self):
        if self.closed.is_set():
            return
        self.closed.set()
        for sock in (self.client, self.upstream):
            if sock is None:
                continue
            try:
                sock.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass
            sock.close()


def loopback_target(text):
    host, sep, port = text.rpartition(":")
    if not sep or not port.isdigit():
        raise argparse.ArgumentTypeError("--target must be HOST:PORT")
    host = host.strip("[]")
    try:
        addresses = {info[4][0] for info in socket.getaddrinfo(host, int(port), type=socket.SOCK_STREAM)}
    except OSError as error:
        raise argparse.ArgumentTypeError("cannot resolve %s: %s" % (host, error))
    if not addresses or not all(ipaddress.ip_address(a.split("%")[0]).is_loopback for a in addresses):
        raise argparse.ArgumentTypeError("--target must be on this machine's loopback (127.0.0.1, ::1, localhost), not %s" % host)
    return (host, int(port))


def positive(kind):
    def check(text):
        value = kind(text)
        if value <= 0:
            raise argparse.ArgumentTypeError("must be positive")
        return value
    return check


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--target", type=loopback_target, required=True, help="the server, HOST:PORT on loopback")
    parser.add_argument("--seed", type=int, required=True, help="all randomness comes from it")
    parser.add_argument("--port", type=int, default=0, help="the port to listen on (0: a free one)")
    parser.add_argument("--stats", help="write the counters here as JSON when stopped")
    parser.add_argument("--mean-cut", type=positive(int), default=8000,
                        help="an event stream is cut after 0.5-1.5 times this many body bytes (8000)")
    parser.add_argument("--max-split", type=positive(int), default=64, help="largest write to the client, bytes (64)")
    parser.add_argument("--max-delay-ms", type=float, default=3.0, help="longest pause after a write (3)")
    parser.add_argument("--delay-chance", type=float, default=0.3, help="the chance of a pause after a write (0.3)")
    parser.add_argument("--no-cut", action="store_true", help="split and delay only")
    options = parser.parse_args()
    if not 0 <= options.delay_chance <= 1 or options.max_delay_ms < 0 or options.max_delay_ms > 1000:
        parser.error("--delay-chance must be 0..1 and --max-delay-ms 0..1000")

    stats = Stats(options.seed)
    master = random.Random(options.seed)
    listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        listener.bind(("127.0.0.1", options.port))
    except OSError as error:
        print("chaos-proxy: cannot listen on 127.0.0.1:%d: %s" % (options.port, error), file=sys.stderr)
        return 1
    listener.listen(64)

    # SIGTERM and SIGINT wake the accept loop through a pipe (no polling). They may come
    # blocked from the parent (a test runner's thread): unblock them.
    signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGTERM, signal.SIGINT})
    wake_read, wake_write = os.pipe()
    os.set_blocking(wake_write, False)
    stopping = []
    signal.set_wakeup_fd(wake_write)
    for number in (signal.SIGTERM, signal.SIGINT):
        signal.signal(number, lambda signum, frame: stopping.append(signum))

    print("listening on http://127.0.0.1:%d" % listener.getsockname()[1], flush=True)
    index = 0
    while not stopping:
        readable, _, _ = select.select([listener, wake_read], [], [])
        if listener not in readable:
            continue
        try:
            client, _ = listener.accept()
        except OSError:
            continue
        index += 1
        stats.add("connections")
        connection = Connection(index, client, options.target, master.getrandbits(64), options, stats)
        threading.Thread(target=connection.run, daemon=True).start()

    listener.close()
    if options.stats:
        stats.write(options.stats)
    return 0


if __name__ == "__main__":
    sys.exit(main())
