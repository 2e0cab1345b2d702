#!/usr/bin/env python3
"""A naive counting pass-through proxy (Python standard library only), to measure a pipeline the
way a small hand-written proxy would: python3 tools/bench/counting_proxy.py PORT UPSTREAM_PORT [nodelay]

It forwards every request to 127.0.0.1:UPSTREAM_PORT, counts requests in flight (sampled every
50 ms) and, on SIGTERM, prints the mean over the window in which 64 or more were in flight.
Without 'nodelay' it keeps Nagle's algorithm on its sockets, as http.server does by default: it
writes a response's headers and body separately, so the body waits for the delayed ACK of the
headers (~40 ms a call). README "Measured where the model server stands" shows what that costs.
"""
import http.client, http.server, socketserver, sys, threading, time, json
NODELAY = len(sys.argv) > 3 and sys.argv[3] == 'nodelay'
UP_HOST, UP_PORT = '127.0.0.1', int(sys.argv[2]); PORT = int(sys.argv[1])
lock = threading.Lock(); inflight = 0; samples = []
local = threading.local()
class H(http.server.BaseHTTPRequestHandler):
    protocol_version = 'HTTP/1.1'
    disable_nagle_algorithm = NODELAY
    def log_message(self, *a): pass
    def relay(self, method):
        global inflight
        with lock: inflight += 1
        try:
            n = int(self.headers.get('Content-Length') or 0); body = self.rfile.read(n) if n else None
            c = getattr(local, 'c', None)
            if c is None: c = local.c = http.client.HTTPConnection(UP_HOST, UP_PORT, timeout=600)
            hdrs = {k: v for k, v in self.headers.items() if k.lower() not in ('host', 'connection')}
            try:
                c.request(method, self.path, body=body, headers=hdrs); r = c.getresponse(); data = r.read()
            except Exception:
                c = local.c = http.client.HTTPConnection(UP_HOST, UP_PORT, timeout=600)
                c.request(method, self.path, body=body, headers=hdrs); r = c.getresponse(); data = r.read()
            self.send_response(r.status)
            for k, v in r.getheaders():
                if k.lower() not in ('transfer-encoding', 'connection', 'content-length'): self.send_header(k, v)
            self.send_header('Content-Length', str(len(data))); self.end_headers(); self.wfile.write(data)
        finally:
            with lock: inflight -= 1
    def do_POST(self): self.relay('POST')
    def do_GET(self): self.relay('GET')
class S(socketserver.ThreadingMixIn, http.server.HTTPServer): daemon_threads = True
def sampler():
    while True:
        time.sleep(0.05)
        with lock: samples.append((time.time(), inflight))
def report(sig=None, frm=None):
    full = [t for t, v in samples if v >= 64]
    if not full: print(json.dumps({'note': 'never 64'})); return
    a, b = full[0], full[-1]; win = [v for t, v in samples if a <= t <= b]
    print(json.dumps({'window_s': round(b - a, 1), 'mean_in_flight': round(sum(win) / len(win), 2), 'samples': len(win)}), flush=True)
import signal; signal.signal(signal.SIGTERM, lambda s, f: (report(), sys.exit(0)))
threading.Thread(target=sampler, daemon=True).start()
print('proxy on', PORT, flush=True); S(('127.0.0.1', PORT), H).serve_forever()
