#!/usr/bin/env bash
# Installs what the run and the tests need on a fresh machine (Debian, .NET 10 SDK, Node 20):
# the npm tools pinned in package-lock.json (Azurite). Safe to run again: it only installs what is missing.
set -euo pipefail
cd "$(dirname "$0")/.."

if [ ! -x node_modules/.bin/azurite ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  echo "setup: installing npm tools (azurite) from package-lock.json"
  npm ci --no-audit --no-fund --loglevel=error
fi
