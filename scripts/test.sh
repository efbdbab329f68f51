#!/usr/bin/env bash
# Installs what the tests need on a fresh Debian machine, then runs every test project.
# Used by CI (.ci/run) and by developers: `bash scripts/test.sh`.
set -euo pipefail
cd "$(dirname "$0")/.."

# Real parts, from Debian's packages: nginx (range differential), ffmpeg/ffprobe (ingest facts),
# Chromium (browser tests), Redis and PostgreSQL (multi-node), wrk (benchmarks), 7-Zip (7z archives for the leech tests).
packages=(nginx-light ffmpeg chromium redis-server wrk 7zip)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]})); then
  echo "Installing: ${missing[*]}"
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

# Front-end packages (the player) are installed by the server's build through npm ci when web/ exists; the stock
# MTProto clients of the interop tests (tests/StreamVault.Mtproto.Interop) by the MTProto test project's build.
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
dotnet build StreamVault.slnx -c Release -v q -nologo
log=$(mktemp)
status=0
dotnet test StreamVault.slnx -c Release --no-build -v q -nologo 2>&1 | tee "$log" || status=$?

# One closing line any CI reader understands.
passed=$(grep -Eo 'Passed: +[0-9]+' "$log" | awk '{s+=$2} END {print s+0}')
failed=$(grep -Eo 'Failed: +[0-9]+' "$log" | awk '{s+=$2} END {print s+0}')
skipped=$(grep -Eo 'Skipped: +[0-9]+' "$log" | awk '{s+=$2} END {print s+0}')
echo "Tests: ${passed} passed, ${failed} failed, ${skipped} skipped"
exit $status
