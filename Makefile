# Thin wrappers over swift and the scripts; see README.md.
.PHONY: run build test test-swift test-e2e check bench clean-data

# Starts the daemon with embedded defaults (SQLite in ./var, a generated development certificate,
# the bundled Protocols/ and Escalation/). Installs missing system packages first when run as root.
run:
	bash scripts/setup.sh
	swift build --product crisisd
	.build/debug/crisisd serve --dev

build:
	swift build --build-tests

# Every test: Swift tests, then the black-box tests against the real binary.
test:
	bash scripts/test.sh

test-swift:
	swift test

test-e2e:
	python3 -m pytest -q Tests/e2e

check:
	swift build --product crisisd
	.build/debug/crisisd check

bench:
	bash Benchmarks/run.sh

clean-data:
	rm -rf ./var
