#!/usr/bin/env bash
# Installs the system packages crisisd needs, when they are missing; `--test` adds what the tests need.
# Safe to run repeatedly; needs root (or sudo) only when something is missing.
set -euo pipefail

packages=(libsqlite3-dev libcurl4-openssl-dev openssl curl)
# chromium renders the client's printed safety plan and, driven by chromium-driver, runs the web UI tests.
[ "${1:-}" = "--test" ] && packages+=(sqlite3 chromium chromium-driver fonts-dejavu-core)
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
    if ! python3 -c 'import pytest, sslyze, fhir.resources, aiosmtpd, schemathesis, fhirpathpy, jwt, selenium' 2>/dev/null; then
        echo "setup: installing Python test packages" >&2
        python3 -m pip install -q --disable-pip-version-check -r Tests/e2e/requirements.txt
    fi
    # axe-selenium-python 3.0.0 ships axe-core 4.10 (WCAG 2.1 rules) but declares Python >= 3.12; the 2.x
    # releases that install on 3.11 ship axe-core 3.1 (2018, no WCAG 2.1 tags). Its wheel is pure Python, so
    # it is fetched and unpacked beside the build, and the UI tests import it from there.
    axe_dir=.build/axe-selenium-python-3.0.0
    if [ ! -f "$axe_dir/axe_selenium_python/node_modules/axe-core/axe.min.js" ]; then
        echo "setup: fetching axe-selenium-python 3.0.0" >&2
        python3 -m pip download -q --disable-pip-version-check --no-deps --python-version 3.12 --only-binary=:all: \
            -d "$axe_dir" axe-selenium-python==3.0.0
        python3 -m zipfile -e "$axe_dir"/axe_selenium_python-3.0.0-py3-none-any.whl "$axe_dir"
    fi
fi
