#!/usr/bin/env python3
"""Start-up time to /readyz and idle RSS of the release daemon (median of N runs on one data dir).
Usage: Benchmarks/startup/run.py BINARY [RUNS]"""
import ssl
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request

binary, runs, port = sys.argv[1], int(sys.argv[2]) if len(sys.argv) > 2 else 5, 18700
with tempfile.TemporaryDirectory() as work:
    data = f"{work}/var"
    subprocess.run([binary, "migrate", "--data-dir", data], check=True, capture_output=True)
    times, rss = [], []
    for run in range(runs + 1):  # the first run creates the certificate and is not counted
        start = time.perf_counter()
        process = subprocess.Popen([binary, "serve", "--dev", "--data-dir", data, "--port", str(port)],
                                   stderr=subprocess.DEVNULL)
        context = None
        while True:
            try:
                context = context or ssl.create_default_context(cafile=f"{data}/tls/dev-ca.pem")
                with urllib.request.urlopen(f"https://localhost:{port}/readyz", context=context, timeout=1) as response:
                    if response.status == 200:
                        break
            except Exception:
                context = None
                time.sleep(0.002)
        elapsed = (time.perf_counter() - start) * 1000
        time.sleep(2)
        with open(f"/proc/{process.pid}/status") as status:
            kib = int(next(line for line in status if line.startswith("VmRSS")).split()[1])
        process.terminate()
        process.wait()
        if run:
            times.append(elapsed)
            rss.append(kib / 1024)
print(f"start to /readyz: median {statistics.median(times):.0f} ms (runs: {', '.join(f'{t:.0f}' for t in times)})")
print(f"idle RSS two seconds after ready: median {statistics.median(rss):.1f} MiB")
