#!/usr/bin/env bash
# Builds the deployable function app folder (default: publish/): host.json, one folder per function with its
# function.json, and the handler (linux-x64, self-contained, ReadyToRun). Nothing else.
set -euo pipefail
cd "$(dirname "$0")/.."
out="${1:-publish}"

rm -rf "$out"
dotnet publish functions/SupplierAssessment.Functions.csproj -c Release -r linux-x64 --self-contained true \
  -p:PublishReadyToRun=true -p:DebugType=none -p:GenerateStaticWebAssetsManifest=false --nologo -v quiet -o "$out"
rm -f "$out"/*.staticwebassets.endpoints.json "$out"/createdump
cp host.json "$out/host.json"
"$out/SupplierAssessment.Functions" write-function-folders "$out"
echo "publish: $out/ is ready (zip it and deploy it: docs/operations.md)"
