#!/usr/bin/env python3
"""A VAS server gone wrong, for vas-view's hostile-server tests (Tests/LiveTests/HostileTests.swift).

hostile-server.py MODE [--tls CERT KEY]   prints "listening on URL" once ready.
MODE: html gzip redirect drip endless giant utf8 unknown midtts tls
"""
import gzip, http.server, json, socketserver, ssl, sys, time

MODE = sys.argv[1]
INFO = json.dumps({"id": "1", "name": "Hostile " + MODE, "access_type": "public", "requires_password": False,
                   "translation_languages": ["en-US"], "tts_languages": ["en-US"], "is_live": True}).encode()

def event(kind, data):
    return ("event: %s\ndata: %s\n\n" % (kind, json.dumps(data, ensure_ascii=False))).encode()

CONNECTED = event("connected", {"available_langs": ["en-US"], "phase": "live", "recognition_mode": "single"})
def origin(sid, text): return event("origin", {"sid": sid, "text": text, "is_final": True, "language": "zh-TW", "start_time": "00:0%d" % sid})
def translation(sid, text): return event("translation", {"sid": sid, "language": "en-US", "text": text, "is_final": True})
ENDED = event("ended", {"message": "bye"})
connections = 0

class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    def log_message(self, *args): pass

    def head(self, status, kind, extra=()):
        self.send_response(status)
        self.send_header("Content-Type", kind)
        for k, v in extra: self.send_header(k, v)

    def do_GET(self):
        global connections
        if self.path.startswith("/api/"):
            if MODE == "html": return self.html()
            self.head(200, "application/json"); self.send_header("Content-Length", str(len(INFO))); self.end_headers()
            self.wfile.write(INFO); return
        connections += 1
        if MODE == "html": return self.html()
        if MODE == "redirect":
            self.head(302, "text/plain", [("Location", "http://elsewhere.invalid/steal"), ("Content-Length", "0")])
            self.end_headers(); return
        self.head(200, "text/event-stream", [("Connection", "close")] + ([("Content-Encoding", "gzip")] if MODE == "gzip" else []))
        self.end_headers()
        body = getattr(self, "stream_" + MODE)()
        try:
            for chunk in body:
                self.wfile.write(chunk); self.wfile.flush()
        except (BrokenPipeError, ConnectionResetError):
            pass
        self.close_connection = True

    def html(self):
        page = b"<html><body><h1>Please log in to the Wi-Fi</h1></body></html>"
        self.head(200, "text/html"); self.send_header("Content-Length", str(len(page))); self.end_headers()
        self.wfile.write(page)

    def stream_gzip(self):
        yield gzip.compress(CONNECTED + origin(1, "壓縮的句子。") + translation(1, "A compressed sentence.") + ENDED)

    def stream_drip(self):
        data = CONNECTED + origin(1, "慢。") + translation(1, "Slow.") + ENDED
        for i in range(len(data)):
            yield data[i:i + 1]
            time.sleep(float(sys.argv[2]) if len(sys.argv) > 2 else 0.02)

    def stream_endless(self):
        yield CONNECTED + origin(1, "之前。") + translation(1, "Before.")
        yield b"data: "
        block = b"A" * (1 << 20)
        for _ in range(40):  # 40 MB on one line, never ended by a newline ...
            yield block
        yield b"\n\n" + origin(2, "之後。") + translation(2, "After.") + ENDED  # ... until the server gives up

    def stream_giant(self):
        yield CONNECTED + origin(1, "之前。") + translation(1, "Before.")
        yield b"event: origin\ndata: " + b"x" * (20 << 20) + b"\n\n"
        yield origin(2, "之後。") + translation(2, "After.") + ENDED

    def stream_utf8(self):
        yield CONNECTED
        yield b'event: origin\ndata: {"sid":1,"text":"bad \xff\xfe bytes \xc3\x28 here","is_final":true,"start_time":"00:01"}\n\n'
        yield translation(1, "Bad bytes here.") + ENDED

    def stream_unknown(self):
        yield CONNECTED + origin(1, "之前。") + translation(1, "Before.")
        batch = b"event: mystery\ndata: {}\n\n" * 1000
        for _ in range(100):
            yield batch
        yield origin(2, "之後。") + translation(2, "After.") + ENDED

    def stream_midtts(self):
        audio = "//M4xAAAAAANIAAAAAAA" * 2000
        tts = event("tts_ready", {"sid": 1, "language": "en-US", "text": "Spoken.", "audio": audio, "format": "mp3", "duration_ms": 1000})
        if connections == 1:
            yield b"id: 1\n" + CONNECTED + b"id: 2\n" + origin(1, "說。") + b"id: 3\n" + translation(1, "Spoken.")
            yield tts[:len(tts) // 2]  # the connection closes half-way through
        else:
            yield CONNECTED + origin(2, "再說。") + translation(2, "Again.") + ENDED

    stream_tls = stream_gzip

class Server(socketserver.ThreadingMixIn, http.server.HTTPServer):
    daemon_threads = True
    allow_reuse_address = True

server = Server(("127.0.0.1", 0), Handler)
scheme = "http"
if MODE == "tls":
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(sys.argv[2], sys.argv[3])
    server.socket = context.wrap_socket(server.socket, server_side=True)
    MODE = "gzip"
    scheme = "https"
    INFO = INFO
print("listening on %s://127.0.0.1:%d" % (scheme, server.server_address[1]), flush=True)
server.serve_forever()
