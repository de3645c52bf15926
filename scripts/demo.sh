#!/usr/bin/env bash
# npm run demo: installs the locked dependencies if they are missing (npm ci, nothing
# else), builds, then migrates, seeds, prints demo tokens and serves the API.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ ! -x node_modules/.bin/node ] || [ ! -d node_modules/@nestjs/core ]; then
  echo "node_modules is missing: running npm ci"
  npm ci --no-audit --no-fund
fi
export PATH="$PWD/node_modules/.bin:$PATH"
node scripts/ensure-build.js
# Logs for people (pino-pretty); a deployment keeps the default, one JSON object a line.
export LOG_FORMAT="${LOG_FORMAT:-pretty}"
exec node dist/src/cli/demo.js
