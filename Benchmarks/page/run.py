#!/usr/bin/env python3
"""Time to page: from the 201 of a high-tier screen to the page arriving at a loopback receiver, at a steady
rate, against the same path through Prometheus Alertmanager (group_wait 0s) in the same run.

Both systems are driven and observed by this one script the same way: a paced client on one keep-alive
connection, a threaded loopback HTTP receiver, time.monotonic() on both ends. Latency is counted from the
moment the client has the acceptance response (crisisd's 201 after its durable commit; Alertmanager's 200)
to the moment the receiver has read the page; a page that overtakes the response counts as 0 (their number
is printed). The last two columns count from the moment the request was sent instead, which includes
crisisd's fsync and TLS and Alertmanager's plain-HTTP ingest.

usage: run.py [CRISISD_BINARY] [--rate 100] [--seconds 30]
"""
import argparse
import http.client
import http.server
import json
import os
import shutil
import socket
import ssl
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"
HIGH = {"q1": "no", "q2": "no", "q6": "yes", "q6_recent": "yes"}


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Receiver:
    """Records the arrival time of each page under the key `key_of(body)` returns."""

    def __init__(self, key_of):
        self.arrivals = {}
        self.lock = threading.Lock()
        outer = self

        class Handler(http.server.BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def do_POST(self):
                body = self.rfile.read(int(self.headers.get("content-length", 0)))
                now = time.monotonic()
                self.send_response(200)
                self.send_header("content-length", "0")
                self.end_headers()
                for key in key_of(json.loads(body)):
                    with outer.lock:
                        outer.arrivals.setdefault(key, now)

            def log_message(self, *args):
                pass

        self.port = free_port()
        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", self.port), Handler)
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self):
        self.server.shutdown()


def paced(rate, seconds, send):
    """Calls send(i) at a steady rate; returns {key: (time the request was sent, time the acceptance was read)}."""
    accepted = {}
    interval = 1.0 / rate
    start = time.monotonic()
    for i in range(int(rate * seconds)):
        target = start + i * interval
        delay = target - time.monotonic()
        if delay > 0:
            time.sleep(delay)
        sent = time.monotonic()
        key = send(i)
        accepted[key] = (sent, time.monotonic())
    return accepted


def summarize(name, accepted, receiver, wait=10.0):
    deadline = time.monotonic() + wait
    while time.monotonic() < deadline and len(receiver.arrivals) < len(accepted):
        time.sleep(0.05)
    arrived = [(t, receiver.arrivals[k]) for k, t in accepted.items() if k in receiver.arrivals]
    latencies = sorted(max(0.0, arrival - done) * 1000 for (_, done), arrival in arrived)
    end_to_end = sorted((arrival - sent) * 1000 for (sent, _), arrival in arrived)
    missing = len(accepted) - len(latencies)
    early = sum(1 for (_, done), arrival in arrived if arrival < done)
    q = lambda values, p: values[min(len(values) - 1, int(p * len(values)))]
    print(f"| {name} | {len(accepted)} | {missing} | {early} | {q(latencies, 0.5):.2f} | {q(latencies, 0.9):.2f} | "
          f"{q(latencies, 0.99):.2f} | {latencies[-1]:.2f} | {q(end_to_end, 0.5):.2f} | {q(end_to_end, 0.99):.2f} |")
    return q(latencies, 0.99)


def run_crisisd(binary, rate, seconds, scratch):
    receiver = Receiver(lambda page: [page["data"]["ref"]] if page.get("type") == "crisis.episode.triggered" else [])
    data = scratch / "crisisd"
    port = free_port()
    env = {**os.environ, "CRISISD_ONCALL_WEBHOOK_URL": f"http://127.0.0.1:{receiver.port}/hook",
           "CRISISD_ONCALL_WEBHOOK_SECRET": SECRET, "CRISISD_SUPERVISOR_WEBHOOK_URL": f"http://127.0.0.1:{receiver.port}/hook",
           "CRISISD_SUPERVISOR_WEBHOOK_SECRET": SECRET, "CRISISD_LOG_LEVEL": "warning"}
    process = subprocess.Popen([binary, "serve", "--data-dir", str(data), "--port", str(port)], cwd=ROOT, env=env,
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        context = None
        for _ in range(200):
            if (data / "tls" / "dev-ca.pem").exists():
                try:
                    context = ssl.create_default_context(cafile=str(data / "tls" / "dev-ca.pem"))
                    probe = http.client.HTTPSConnection("localhost", port, context=context, timeout=5)
                    probe.request("GET", "/readyz")
                    if probe.getresponse().status == 200:
                        break
                except OSError:
                    pass
            time.sleep(0.05)
        token = subprocess.run([binary, "token", "create", "--data-dir", str(data), "--name", "bench", "--role", "ehr"],
                               cwd=ROOT, capture_output=True, text=True, check=True).stdout.strip()
        connection = http.client.HTTPSConnection("localhost", port, context=context, timeout=10)
        headers = {"authorization": f"Bearer {token}", "content-type": "application/json"}

        def send(i):
            body = json.dumps({"protocol": "cssrs_screen_recent", "answers": HIGH,
                               "subject": {"system": "urn:bench", "value": f"s{i}"}})
            connection.request("POST", "/api/v1/assessments", body, headers)
            response = connection.getresponse()
            payload = json.loads(response.read())
            assert response.status == 201, payload
            return payload["episode"]["id"]

        accepted = paced(rate, seconds, send)
        return summarize("crisisd (durable, TLS)", accepted, receiver)
    finally:
        process.terminate()
        process.wait(timeout=20)
        receiver.close()


def run_alertmanager(rate, seconds, scratch):
    binary = shutil.which("prometheus-alertmanager") or shutil.which("alertmanager")
    if not binary:
        print("| Alertmanager | not installed (apt install prometheus-alertmanager) | | | | | | | | |")
        return None
    receiver = Receiver(lambda payload: [a["labels"]["case"] for a in payload.get("alerts", [])])
    port = free_port()
    config = scratch / "alertmanager.yml"
    config.write_text(
        "route:\n  receiver: hook\n  group_by: ['...']\n  group_wait: 0s\n  group_interval: 1s\n  repeat_interval: 1h\n"
        f"receivers:\n  - name: hook\n    webhook_configs:\n      - url: http://127.0.0.1:{receiver.port}/am\n"
        "        send_resolved: false\n")
    process = subprocess.Popen([binary, f"--config.file={config}", f"--storage.path={scratch / 'am'}",
                                f"--web.listen-address=127.0.0.1:{port}", "--cluster.listen-address="],
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        connection = None
        for _ in range(200):
            try:
                connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
                connection.request("GET", "/-/ready")
                response = connection.getresponse()
                response.read()
                if response.status == 200:
                    break
            except OSError:
                pass
            time.sleep(0.05)

        def send(i):
            body = json.dumps([{"labels": {"alertname": "CrisisScreenHigh", "case": f"c{i}", "tier": "high"},
                                "annotations": {"summary": "High-risk screen"}}])
            connection.request("POST", "/api/v2/alerts", body, {"content-type": "application/json"})
            response = connection.getresponse()
            response.read()
            assert response.status == 200, response.status
            return f"c{i}"

        accepted = paced(rate, seconds, send)
        return summarize("Alertmanager 0.25 (group_wait 0s, in memory, HTTP)", accepted, receiver)
    finally:
        process.terminate()
        process.wait(timeout=20)
        receiver.close()


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("binary", nargs="?", default=str(ROOT / ".build-release" / "release" / "crisisd"))
    parser.add_argument("--rate", type=float, default=100)
    parser.add_argument("--seconds", type=float, default=30)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as directory:
        scratch = Path(directory)
        print(f"== time to page at {args.rate:g} screens/s for {args.seconds:g} s (ms from acceptance to arrival)")
        print("| system | pages | missing | arrived before the response | p50 | p90 | p99 | max | request→page p50 | request→page p99 |")
        print("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
        ours = run_crisisd(args.binary, args.rate, args.seconds, scratch)
        theirs = run_alertmanager(args.rate, args.seconds, scratch)
        if theirs:
            print(f"p99 ratio crisisd / Alertmanager: {ours / theirs:.2f} (target ≤ 1)")


if __name__ == "__main__":
    sys.exit(main())
