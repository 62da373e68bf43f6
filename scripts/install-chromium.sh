#!/usr/bin/env bash
# The editor tests drive Debian's Chromium with playwright-core; install it when the machine lacks it.
set -euo pipefail
if command -v chromium >/dev/null 2>&1; then exit 0; fi
if [ "$(id -u)" != "0" ]; then
  echo "Chromium is missing: install Debian's chromium package (apt-get install chromium) and run again" >&2
  exit 1
fi
apt-get update -qq
DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
