#!/usr/bin/env bash
# Runs the service locally on its embedded default, at http://127.0.0.1:7071:
# starts Azurite (data kept in .azurite/ across runs), builds the function app (an isolated worker) and runs it under
# the local Functions host (tools/FunctionsLocalHost, a stand-in for Core Tools' `func start`), mails go to the local
# outbox (.outbox/, and /dev/outbox), and on an empty storage a sample procurement is seeded and its links printed.
# Settings come from functions/local.settings.json when you made one, else functions/local.settings.sample.json.
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/setup.sh

# One run per checkout: a second would start a second Azurite on the same .azurite/ data, and whichever stopped last
# would write over what the other had stored (found by a fresh user's trial). The lock is held by this script and what
# it starts, and is released when they are all gone.
mkdir -p .azurite
exec 9>.azurite/run.lock
if ! flock -n 9; then
  echo "run: scripts/run.sh is already running in this checkout (it holds .azurite/run.lock). Use that one, or stop it first; for a second service at once, use another clone." >&2
  exit 1
fi

taken() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
if taken "${PORT:-7071}"; then
  echo "run: 127.0.0.1:${PORT:-7071} is taken (another run of the service?). Stop it, or choose another port: PORT=7072 scripts/run.sh" >&2
  exit 1
fi

# This run's own Azurite, with its data in .azurite/: on the usual ports 10000-10002 when they are free, else on free
# ports of its own (another checkout's Azurite on 10000 is never borrowed: its data and its host are not this run's).
storage=""
ports=(10000 10001 10002)
if taken 10000 || taken 10001 || taken 10002; then
  read -r -a ports < <(node -e 'const net = require("net");
    (async () => { const ports = [];
      for (let i = 0; i < 3; i++) await new Promise(done => { const s = net.createServer();
        s.listen(0, "127.0.0.1", () => { ports.push(s.address().port); s.close(done); }); });
      console.log(ports.join(" ")); })();')
  key="Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw=="
  storage="DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=$key;BlobEndpoint=http://127.0.0.1:${ports[0]}/devstoreaccount1;QueueEndpoint=http://127.0.0.1:${ports[1]}/devstoreaccount1;TableEndpoint=http://127.0.0.1:${ports[2]}/devstoreaccount1;"
  echo "run: 127.0.0.1:10000-10002 are taken (another Azurite?); this run's own Azurite uses ${ports[*]}"
fi
node_modules/.bin/azurite --blobHost 127.0.0.1 --queueHost 127.0.0.1 --tableHost 127.0.0.1 \
  --blobPort "${ports[0]}" --queuePort "${ports[1]}" --tablePort "${ports[2]}" \
  --location .azurite --silent --disableTelemetry --skipApiVersionCheck &
azurite_pid=$!
# Each command of an exit trap ends in `|| true`: under `set -e` a failing one (a process already gone) would end the
# trap there, leaving Azurite running.
trap 'kill "$azurite_pid" 2>/dev/null || true' EXIT
trap 'exit 130' INT TERM
for _ in $(seq 1 100); do
  taken "${ports[2]}" && break
  sleep 0.1
done
if ! taken "${ports[2]}"; then
  echo "run: Azurite did not start listening on 127.0.0.1:${ports[*]} within 10 s" >&2
  exit 1
fi
echo "run: Azurite started (blob ${ports[0]}, queue ${ports[1]}, table ${ports[2]}; data in .azurite/)"

dotnet build functions/SupplierAssessment.Functions.csproj -c Release --nologo -v quiet
dotnet build tools/FunctionsLocalHost/FunctionsLocalHost.csproj -c Release --nologo -v quiet
settings=functions/local.settings.json
[ -f "$settings" ] || settings=functions/local.settings.sample.json
if [ -n "$storage" ]; then
  # Azurite on other ports: the host's and the worker's storage settings say so (a copy of the settings, in .azurite/).
  export Storage__ConnectionString="$storage"
  STORAGE="$storage" node -e 'const fs = require("fs"); const s = JSON.parse(fs.readFileSync(process.argv[1], "utf8"));
    s.Values = { ...(s.Values || {}), AzureWebJobsStorage: process.env.STORAGE, Storage__ConnectionString: process.env.STORAGE };
    fs.writeFileSync(process.argv[2], JSON.stringify(s, null, 2));' "$settings" .azurite/run.settings.json
  settings=.azurite/run.settings.json
fi
# The worker inherits the environment: the outbox stays in the checkout, not in the build output.
export Email__OutboxPath="$PWD/.outbox"
export App__PublicBaseUrl="http://127.0.0.1:${PORT:-7071}"
dotnet tools/FunctionsLocalHost/bin/Release/net10.0/FunctionsLocalHost.dll \
  --app functions/bin/Release/net10.0 --port "${PORT:-7071}" --settings "$settings" &
host_pid=$!
# Ctrl+C, or a TERM to this script (also when it runs in the background, where INT is ignored): the host stops its
# worker and itself within seconds, then Azurite stops.
trap 'kill -TERM "$host_pid" 2>/dev/null || true; wait "$host_pid" 2>/dev/null || true; kill "$azurite_pid" 2>/dev/null || true' EXIT
trap 'exit 130' INT TERM
wait "$host_pid"
