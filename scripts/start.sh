#!/usr/bin/env bash
# npm start: n8n with this package installed, the Graph API simulator, a credential and a demo workflow.
set -euo pipefail
cd "$(dirname "$0")/.."
[ -x node_modules/.bin/node ] || npm ci
npm run build
npm run build:tools
exec node_modules/.bin/node .build/scripts/startDemo.js
