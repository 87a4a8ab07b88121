"""Helpers that run the real crisisd binary against a temporary data dir and real loopback receivers."""
import base64
import hashlib
import hmac
import http.server
import json
import os
import socket
import ssl
import subprocess
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
BINARY = os.environ.get("CRISISD_BINARY", str(ROOT / ".build" / "debug" / "crisisd"))
ONCALL_SECRET = "whsec_dGVzdC1vbmNhbGwtc2VjcmV0LTEyMzQ1Njc4OTA="
SUPERVISOR_SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def verify_signature(secret, headers, body):
    """Standard Webhooks v1: HMAC-SHA256 over id.timestamp.body with the base64 key after whsec_."""
    key = base64.b64decode(secret[len("whsec_"):])
    signed = f"{headers['webhook-id']}.{headers['webhook-timestamp']}.".encode() + body
    expected = base64.b64encode(hmac.new(key, signed, hashlib.sha256).digest()).decode()
    return any(part == f"v1,{expected}" for part in headers["webhook-signature"].split(" "))


class Receiver:
    """A loopback HTTP receiver that records POSTs and answers with scripted statuses, then `success`;
    `hold` seconds of delay before answering the first request simulate a slow peer."""

    def __init__(self, port=None, statuses=(), success=200, hold=0.0):
        self.port = port or free_port()
        self.received = []
        self.statuses = list(statuses)
        self.success = success
        self.hold = hold
        self.lock = threading.Lock()
        outer = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers.get("content-length", 0)))
                with outer.lock:
                    outer.received.append(({k.lower(): v for k, v in self.headers.items()}, body, time.monotonic()))
                    status = outer.statuses.pop(0) if outer.statuses else outer.success
                    hold, outer.hold = outer.hold, 0.0
                if hold:
                    time.sleep(hold)
                self.send_response(status)
                self.send_header("content-length", "0")
                self.end_headers()

            def log_message(self, *args):
                pass

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", self.port), Handler)
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.server.shutdown()
        self.server.server_close()

    def bodies(self):
        with self.lock:
            return [json.loads(body) for _, body, _ in self.received]

    def wait_for(self, count, timeout=10.0):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            with self.lock:
                if len(self.received) >= count:
                    return True
            time.sleep(0.01)
        return False


class Daemon:
    """One crisisd process: start, request, kill -9, restart on the same data dir."""

    def __init__(self, data_dir, env=None, dev=True, extra_args=()):
        self.data_dir = Path(data_dir)
        self.port = free_port()
        self.env = {**os.environ, **(env or {})}
        self.dev = dev
        self.extra_args = list(extra_args)
        self.process = None
        self.log_path = self.data_dir.parent / f"{self.data_dir.name}-daemon.log"

    def run_cli(self, *args, stdin=None):
        return subprocess.run(
            [BINARY, *args], cwd=ROOT, env=self.env, capture_output=True, text=True, input=stdin, timeout=60
        )

    def start(self, expect_ready=True):
        args = [BINARY, "serve", "--data-dir", str(self.data_dir), "--port", str(self.port), *self.extra_args]
        if self.dev:
            args.append("--dev")
        self.log = open(self.log_path, "ab")
        self.process = subprocess.Popen(args, cwd=ROOT, env=self.env, stdout=self.log, stderr=self.log)
        if expect_ready:
            self.wait_ready()
        return self

    def wait_ready(self, timeout=30.0):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise AssertionError(f"crisisd exited with {self.process.returncode}: {self.log_text()}")
            try:
                status, _, _ = self.request("GET", "/readyz")
                if status == 200:
                    return
            except (urllib.error.URLError, ConnectionError, ssl.SSLError, OSError):
                pass
            time.sleep(0.05)
        raise AssertionError("crisisd did not become ready: " + self.log_text())

    def ssl_context(self):
        context = ssl.create_default_context(cafile=str(self.data_dir / "tls" / "dev-ca.pem"))
        return context

    def request(self, method, path, body=None, token=None, headers=None):
        data = json.dumps(body).encode() if isinstance(body, (dict, list)) else body
        request = urllib.request.Request(f"https://localhost:{self.port}{path}", data=data, method=method)
        if data is not None:
            request.add_header("content-type", "application/json")
        if token:
            request.add_header("authorization", f"Bearer {token}")
        for name, value in (headers or {}).items():
            request.add_header(name, value)
        try:
            with urllib.request.urlopen(request, context=self.ssl_context(), timeout=10) as response:
                return response.status, {k.lower(): v for k, v in response.headers.items()}, response.read()
        except urllib.error.HTTPError as error:
            return error.code, {k.lower(): v for k, v in error.headers.items()}, error.read()

    def token(self, role="ehr", name=None):
        result = self.run_cli(
            "token", "create", "--data-dir", str(self.data_dir), "--name", name or f"t-{role}-{time.monotonic_ns()}",
            "--role", role,
        )
        assert result.returncode == 0, result.stderr
        return result.stdout.strip()

    def kill9(self):
        self.process.kill()
        self.process.wait(timeout=10)
        self.log.close()

    def stop(self):
        if self.process and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        if self.process:
            self.log.close()
        return self.process.returncode if self.process else None

    def log_text(self):
        return self.log_path.read_text(errors="replace") if self.log_path.exists() else ""


@pytest.fixture
def data_dir(tmp_path):
    return tmp_path / "var"


@pytest.fixture(scope="session", autouse=True)
def binary_exists():
    assert Path(BINARY).exists(), f"build crisisd first: {BINARY} is missing"
