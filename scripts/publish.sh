#!/usr/bin/env bash
# Builds the deployable function app (default: publish/): the standard `dotnet publish` output of the isolated worker
# (SupplierAssessment.Functions.dll, host.json, worker.config.json, functions.metadata, .azurefunctions/ …),
# framework-dependent for Linux (Flex Consumption provides .NET 10), and app.zip of that folder's contents, ready for
# `az functionapp deployment source config-zip --src publish/app.zip` (docs/operations.md).
set -euo pipefail
cd "$(dirname "$0")/.."
out="${1:-publish}"

rm -rf "$out"
dotnet publish functions/SupplierAssessment.Functions.csproj -c Release -r linux-x64 --self-contained false \
  --nologo -v quiet -o "$out"
(cd "$out" && zip -qr app.zip . -x app.zip)
echo "publish: $out/ and $out/app.zip are ready (deploy: docs/operations.md)"
