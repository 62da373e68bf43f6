#!/usr/bin/env bash
# The consent store's PostgreSQL tests start throwaway PostgreSQL clusters (initdb and postgres, which Debian
# keeps in /usr/lib/postgresql/<version>/bin); install them when the machine lacks them.
set -euo pipefail
if command -v initdb >/dev/null 2>&1 && command -v postgres >/dev/null 2>&1; then exit 0; fi
for bin in /usr/lib/postgresql/*/bin; do
  if [ -x "$bin/initdb" ] && [ -x "$bin/postgres" ]; then exit 0; fi
done
if [ "$(id -u)" != "0" ]; then
  echo "initdb or postgres is missing: install Debian's postgresql package (apt-get install postgresql) and run again" >&2
  exit 1
fi
apt-get update -qq
DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null
