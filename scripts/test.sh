#!/usr/bin/env bash
# The whole test suite: installs what it needs, builds, runs every test project, and ends with
# the line "N passed, N failed". Exits non-zero when anything fails.
set -uo pipefail
cd "$(dirname "$0")/.."

scripts/setup.sh --browser || { echo "0 passed, 1 failed: the setup failed"; exit 1; }

results=$(mktemp -d)
trap 'rm -rf "$results"' EXIT

dotnet build SupplierAssessment.sln -c Release --nologo -v quiet || { echo "0 passed, 1 failed: the build failed"; exit 1; }

# A test that hangs (none should run over a minute or two) stops its project's run after 5 minutes, naming the test,
# instead of holding CI until its 90-minute limit: --blame-hang ends the test host and the run counts as failed.
dotnet test SupplierAssessment.sln -c Release --no-build --nologo \
  --blame-hang --blame-hang-timeout 5m --blame-hang-dump-type none 2>&1 | tee "$results/test.log"
status=${PIPESTATUS[0]}

# dotnet test prints one "Passed!/Failed! - Failed: F, Passed: P, Skipped: S" line per test project: add them up.
read -r passed failed skipped < <(grep -E '(Passed|Failed)! +- +Failed:' "$results/test.log" | awk -F'[:,]' '
  { f += $2; p += $4; s += $6 } END { printf "%d %d %d\n", p, f, s }')
if [ "$status" -ne 0 ] && [ "$failed" -eq 0 ]; then
  failed=1  # a test host crashed or a project did not run: count it, never report a clean run
fi
echo "${passed} passed, ${failed} failed, ${skipped} skipped"
exit "$status"
