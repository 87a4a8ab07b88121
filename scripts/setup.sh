#!/usr/bin/env bash
# Installs the system packages crisisd needs, when they are missing; `--test` adds what the tests need.
# Safe to run repeatedly; needs root (or sudo) only when something is missing.
set -euo pipefail

packages=(libsqlite3-dev libcurl4-openssl-dev openssl curl)
# chromium renders the client's printed safety plan in the black-box tests (and the UI tests later).
[ "${1:-}" = "--test" ] && packages+=(sqlite3 chromium fonts-dejavu-core)
missing=()
for package in "${packages[@]}"; do
    dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
done
if ((${#missing[@]})); then
    echo "setup: installing ${missing[*]}" >&2
    sudo_cmd=""
    [ "$(id -u)" -eq 0 ] || sudo_cmd="sudo"
    $sudo_cmd apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq "${missing[@]}" >/dev/null
fi

if [ "${1:-}" = "--test" ]; then
    # pytest drives the black-box tests; sslyze grades the TLS configuration with its own TLS stack.
    if ! python3 -c 'import pytest, sslyze, fhir.resources, aiosmtpd, schemathesis, fhirpathpy, jwt' 2>/dev/null; then
        echo "setup: installing Python test packages" >&2
        python3 -m pip install -q --disable-pip-version-check -r Tests/e2e/requirements.txt
    fi
fi
