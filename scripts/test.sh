#!/usr/bin/env bash
# Runs every test: the Swift suites, `crisisd check` on the shipped definitions, and the black-box
# tests that drive the real binary (kill -9 redelivery, TLS grading, logs and metrics free of patient data).
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/setup.sh --test
swift build --build-tests
swift test --skip-build
.build/debug/crisisd check
CRISISD_BINARY="$PWD/.build/debug/crisisd" python3 -m pytest -q Tests/e2e
