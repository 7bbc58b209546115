#!/usr/bin/env bash
# Install headless Chromium for the browser tests (Debian packages chromium + chromium-driver) when missing.
# Never fatal: without it the browser tests skip and say why.
set -u
command -v chromium >/dev/null 2>&1 && exit 0
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "installing chromium for the browser tests (apt-get)" >&2
    DEBIAN_FRONTEND=noninteractive apt-get install -y -q chromium chromium-driver >/dev/null 2>&1 \
        || { apt-get update -q >/dev/null 2>&1 && DEBIAN_FRONTEND=noninteractive apt-get install -y -q chromium chromium-driver >/dev/null 2>&1; } \
        || echo "could not install chromium; browser tests will be skipped" >&2
else
    echo "chromium missing and not installable here (needs root + apt-get); browser tests will be skipped" >&2
fi
exit 0
