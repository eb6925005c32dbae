#!/usr/bin/env python3
"""A WebSocket client in Python's standard library that connects to vas-sim's notification
service (an HS256 token signed with the secret), sends one binary frame and prints the first
text frame it gets back. Arguments: HOST:PORT SECRET. Used by Tests/LiveTests/HostTests.swift."""
import base64, hashlib, hmac, json, os, socket, sys, time
def b64(data): return base64.urlsafe_b64encode(data).rstrip(b"=").decode()
header = b64(b'{"alg":"HS256","typ":"JWT"}')
payload = b64(json.dumps({"sub": "test", "exp": int(time.time()) + 600}).encode())
signature = b64(hmac.new(sys.argv[2].encode(), f"{header}.{payload}".encode(), hashlib.sha256).digest())
host, port = sys.argv[1].split(":")
s = socket.create_connection((host, int(port)), timeout=10)
s.sendall((f"GET /ws/notifications?token={header}.{payload}.{signature} HTTP/1.1\r\nHost: {host}\r\nUpgrade: websocket\r\n"
           f"Connection: Upgrade\r\nSec-WebSocket-Key: {base64.b64encode(os.urandom(16)).decode()}\r\nSec-WebSocket-Version: 13\r\n\r\n").encode())
head = b""
while b"\r\n\r\n" not in head: head += s.recv(1)
assert head.startswith(b"HTTP/1.1 101"), head
mask = os.urandom(4)
body = b"\x00\x01\x02"
s.sendall(bytes([0x82, 0x80 | len(body)]) + mask + bytes(b ^ mask[i % 4] for i, b in enumerate(body)))
first = s.recv(2)
length = first[1] & 0x7F
if length == 126: length = int.from_bytes(s.recv(2), "big")
data = b""
while len(data) < length: data += s.recv(length - len(data))
print(data.decode())
