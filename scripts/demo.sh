#!/usr/bin/env bash
# The main job end to end on the local stack: provision and start Kafka and FerretDB, build the
# services, then run demo/src/main.ts (sandbox, services, connection, booking stream, read-back).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

[[ -d node_modules ]] || npm ci --no-audit --no-fund
bash deploy/local/stack.sh up
npx turbo run build --output-logs=errors-only
exec npx tsx demo/src/main.ts "$@"
