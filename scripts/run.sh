#!/usr/bin/env bash
# Runs the service locally on its embedded default, at http://127.0.0.1:7071:
# starts Azurite (data kept in .azurite/ across runs), builds the function app (an isolated worker) and runs it under
# the local Functions host (tools/FunctionsLocalHost, a stand-in for Core Tools' `func start`), mails go to the local
# outbox (.outbox/, and /dev/outbox), and on an empty storage a sample procurement is seeded and its links printed.
# Settings come from functions/local.settings.json when you made one, else functions/local.settings.sample.json.
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
  trap '[ -n "$azurite_pid" ] && kill "$azurite_pid" 2>/dev/null' EXIT
  trap 'exit 130' INT TERM
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

dotnet build functions/SupplierAssessment.Functions.csproj -c Release --nologo -v quiet
dotnet build tools/FunctionsLocalHost/FunctionsLocalHost.csproj -c Release --nologo -v quiet
settings=functions/local.settings.json
[ -f "$settings" ] || settings=functions/local.settings.sample.json
# The worker inherits the environment: the outbox stays in the checkout, not in the build output.
export Email__OutboxPath="$PWD/.outbox"
export App__PublicBaseUrl="http://127.0.0.1:${PORT:-7071}"
dotnet tools/FunctionsLocalHost/bin/Release/net10.0/FunctionsLocalHost.dll \
  --app functions/bin/Release/net10.0 --port "${PORT:-7071}" --settings "$settings" &
host_pid=$!
# Ctrl+C, or a TERM to this script (also when it runs in the background, where INT is ignored): the host stops its
# worker and itself within seconds, then Azurite stops.
trap 'kill -TERM "$host_pid" 2>/dev/null; wait "$host_pid" 2>/dev/null; [ -n "$azurite_pid" ] && kill "$azurite_pid" 2>/dev/null' EXIT
trap 'exit 130' INT TERM
wait "$host_pid"
