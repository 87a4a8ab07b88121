#!/usr/bin/env python3
"""A loopback webhook receiver for trying crisisd: prints each page and whether its Standard Webhooks
signature verifies. Usage: scripts/webhook-receiver.py PORT SECRET"""
import base64
import hashlib
import hmac
import http.server
import json
import sys
import time


def main():
    port, secret = int(sys.argv[1]), sys.argv[2]
    key = base64.b64decode(secret.removeprefix("whsec_"))

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_POST(self):
            body = self.rfile.read(int(self.headers.get("content-length", 0)))
            message_id, timestamp = self.headers["webhook-id"], self.headers["webhook-timestamp"]
            expected = base64.b64encode(hmac.new(key, f"{message_id}.{timestamp}.".encode() + body, hashlib.sha256).digest())
            valid = any(hmac.compare_digest(part, "v1," + expected.decode())
                        for part in self.headers.get("webhook-signature", "").split(" "))
            fresh = abs(time.time() - int(timestamp)) <= 300
            print(json.dumps({"webhook-id": message_id, "signature_valid": valid, "timestamp_fresh": fresh,
                              "payload": json.loads(body)}, indent=2), flush=True)
            self.send_response(204 if valid and fresh else 401)
            self.end_headers()

        def log_message(self, *args):
            pass

    print(f"listening on http://127.0.0.1:{port}/hook", flush=True)
    http.server.ThreadingHTTPServer(("127.0.0.1", port), Handler).serve_forever()


if __name__ == "__main__":
    main()
