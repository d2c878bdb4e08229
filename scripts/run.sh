#!/usr/bin/env bash
# Runs the service locally on its embedded default, at http://127.0.0.1:7071:
# starts Azurite (data kept in .azurite/ across runs), mails go to the local outbox (.outbox/, and /dev/outbox),
# and on an empty storage a sample procurement is seeded and its links printed.
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/setup.sh

azurite_pid=""
if (exec 3<>/dev/tcp/127.0.0.1/10000) 2>/dev/null; then
  echo "run: something already listens on 127.0.0.1:10000; using it as Azurite"
else
  mkdir -p .azurite
  node_modules/.bin/azurite --blobHost 127.0.0.1 --queueHost 127.0.0.1 --tableHost 127.0.0.1 \
    --location .azurite --silent --disableTelemetry --skipApiVersionCheck &
  azurite_pid=$!
  trap '[ -n "$azurite_pid" ] && kill "$azurite_pid" 2>/dev/null' EXIT INT TERM
  for _ in $(seq 1 100); do
    (exec 3<>/dev/tcp/127.0.0.1/10002) 2>/dev/null && break
    sleep 0.1
  done
  if ! (exec 3<>/dev/tcp/127.0.0.1/10002) 2>/dev/null; then
    echo "run: Azurite did not start listening on 127.0.0.1:10000-10002 within 10 s (is one of those ports taken?)" >&2
    exit 1
  fi
  echo "run: Azurite started (blob 10000, queue 10001, table 10002; data in .azurite/)"
fi

dotnet run --project functions/SupplierAssessment.Functions.csproj -c Release -- --Email:OutboxPath "$PWD/.outbox" "$@"
