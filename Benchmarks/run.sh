#!/usr/bin/env bash
# Every benchmark, on release builds: rules engine vs hand-written Swift, intake over TLS vs a bare server,
# start-up and idle memory. Results go to standard output; BENCHMARKS.md records them with the machine.
set -euo pipefail
cd "$(dirname "$0")/.."
scratch=.build-release
CRISISD_BENCHMARKS=1 swift build -c release --scratch-path "$scratch" --product crisisd-rules-bench >&2
echo "== rules engine vs hand-written Swift (same Evaluation, verified equal first)"
"$scratch/release/crisisd-rules-bench" Protocols 7
echo
bash Benchmarks/intake/run.sh "$@"
echo
CRISISD_BENCHMARKS= swift build -c release --scratch-path "$scratch" --product crisisd >&2
python3 Benchmarks/page/run.py "$scratch/release/crisisd"
