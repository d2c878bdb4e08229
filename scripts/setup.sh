#!/usr/bin/env bash
# Installs what the run and the tests need on a fresh machine (Debian, .NET 10 SDK, Node 20):
# the npm tools pinned in package-lock.json (Azurite, axe-core), and with --browser Debian's chromium for the
# page tests and poppler-utils (pdftoppm, pdftotext) for the report PDF's picture test; Debian's tzdata when missing. Safe to run again: it only installs what is missing.
set -euo pipefail
cd "$(dirname "$0")/.."

missing() { echo "setup: $1 is not installed: $2" >&2; exit 1; }
command -v dotnet >/dev/null || missing "the .NET SDK (dotnet)" "install the .NET 10 SDK (https://dotnet.microsoft.com/download)"
command -v node >/dev/null || missing "Node.js (node)" "install Node.js 20 or later with npm (https://nodejs.org)"

if [ ! -x node_modules/.bin/azurite ] || [ ! -f node_modules/axe-core/axe.min.js ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  command -v npm >/dev/null || missing "npm" "install npm along with Node.js (Debian: apt-get install npm)"
  echo "setup: installing npm tools (azurite, axe-core) from package-lock.json"
  npm ci --no-audit --no-fund --loglevel=error
fi

# Installs Debian packages ($2…) as root, or through sudo; $1 says why they are needed when neither is possible.
apt_install() {
  local why="$1"; shift
  local sudo=""
  if [ "$(id -u)" -ne 0 ]; then
    command -v sudo >/dev/null || missing "$*" "$why: run 'apt-get install $*' as root"
    sudo="sudo"
  fi
  export DEBIAN_FRONTEND=noninteractive
  $sudo apt-get update -qq
  # dpkg has been seen failing once on a fresh machine and succeeding on the next try
  $sudo apt-get install -y -qq "$@" >/dev/null || $sudo apt-get install -y -qq "$@" >/dev/null
}

# Answer due dates are calendar days in a time zone (Europe/Paris by default): .NET reads the zones from Debian's tzdata.
if [ ! -f /usr/share/zoneinfo/Europe/Paris ]; then
  echo "setup: installing Debian's tzdata (time zones for answer due dates)"
  apt_install "answer due dates need the time-zone database" tzdata
fi

if [ "${1:-}" = "--browser" ] && { [ ! -x /usr/bin/chromium ] || ! command -v pdftoppm >/dev/null; }; then
  echo "setup: installing Debian's chromium and poppler-utils for the page and PDF tests"
  apt_install "the page and PDF tests need Debian's chromium and poppler-utils" chromium poppler-utils
fi
