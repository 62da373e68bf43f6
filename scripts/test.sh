#!/usr/bin/env bash
# npm test: type check + lint, unit tests, then the end-to-end suite in a real n8n.
set -euo pipefail
cd "$(dirname "$0")/.."
[ -x node_modules/.bin/node ] || npm ci
npm run lint
bash scripts/install-redis.sh
bash scripts/install-postgres.sh
npm run test:unit
bash scripts/install-chromium.sh
npm run test:e2e
