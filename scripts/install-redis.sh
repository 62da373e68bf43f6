#!/usr/bin/env bash
# The contact-state store's Redis tests start real redis-server processes (and make a certificate with openssl
# for rediss://); install them when the machine lacks them.
set -euo pipefail
if command -v redis-server >/dev/null 2>&1 && command -v openssl >/dev/null 2>&1; then exit 0; fi
if [ "$(id -u)" != "0" ]; then
  echo "redis-server or openssl is missing: install Debian's redis-server and openssl packages (apt-get install redis-server openssl) and run again" >&2
  exit 1
fi
apt-get update -qq
DEBIAN_FRONTEND=noninteractive apt-get install -y -qq redis-server openssl >/dev/null
