#!/usr/bin/env bash
# Runs every test of messngr: unit, daemon and interop tests (real Samba, tshark, Impacket peers in
# network namespaces the tests create), the Native-AOT publish, fuzz smoke runs and the bench smoke.
# As root it first installs the Debian packages it needs. Ends with "N passed, N failed".
set -uo pipefail
cd "$(dirname "$0")"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1
start=$(date +%s)
passed=0; failed=0; skipped=0
fail() { echo "FAILED: $*"; failed=$((failed + 1)); }

scripts/install-deps.sh || fail "installing Debian packages"

echo "== build (Release, warnings are errors)"
if ! dotnet build messngr.slnx -c Release --nologo -v q -clp:ErrorsOnly; then
  fail "build"
  echo "$passed passed, $failed failed"
  exit 1
fi

for project in tests/Messngr.Wire.Tests tests/Messngr.Daemon.Tests tests/Messngr.Interop.Tests; do
  echo "== $project"
  log=$(mktemp)
  dotnet test "$project" -c Release --no-build --nologo --blame-hang --blame-hang-timeout 10m 2>&1 | tee "$log" | grep -vE '^\s*$' | tail -n 40
  # The names of failed tests (their messages can be long enough to push them out of the tail).
  grep -E '^\s+Failed [A-Za-z]' "$log" | sed 's/^ */FAILED TEST: /'
  summary=$(grep -E '^(Passed|Failed)!' "$log" | tail -n 1)
  if [ -z "$summary" ]; then
    fail "$project did not report results"
  else
    p=$(sed -E 's/.*Passed: *([0-9]+).*/\1/' <<<"$summary"); f=$(sed -E 's/.*Failed: *([0-9]+),.*/\1/' <<<"$summary")
    s=$(sed -E 's/.*Skipped: *([0-9]+).*/\1/' <<<"$summary")
    passed=$((passed + p)); failed=$((failed + f)); skipped=$((skipped + s))
  fi
  rm -f "$log"
done

echo "== Native AOT publish of messngr"
aot_log=$(mktemp)
if dotnet publish src/Messngr.Cli -r linux-x64 -c Release -o out/aot --nologo -v q >"$aot_log" 2>&1 && [ -x out/aot/messngr ]; then
  if grep -qiE 'warning (IL|CS|CA)' "$aot_log"; then fail "AOT publish printed warnings"; grep -iE 'warning' "$aot_log" | head; fi
  out/aot/messngr --version >/dev/null && passed=$((passed + 1)) || fail "AOT binary does not run"
  echo "messngr AOT binary: $(du -k out/aot/messngr | cut -f1) KiB"
else
  fail "AOT publish"; tail -n 30 "$aot_log"
fi
rm -f "$aot_log"

echo "== messngr-send (the one-shot client for scripts, issue #15 item 8; C, src/messngr-send)"
build_log=$(mktemp)
if src/messngr-send/build.sh out/aot >"$build_log" 2>&1 && [ -x out/aot/messngr-send ]; then
  out/aot/messngr-send --help >/dev/null && passed=$((passed + 1)) || fail "messngr-send does not run messngr send --help"
  echo "messngr-send binary: $(du -k out/aot/messngr-send | cut -f1) KiB"
else
  fail "messngr-send build"; tail -n 30 "$build_log"
fi
rm -f "$build_log"

echo "== Debian package: built, installed into a throwaway root and smoke-tested (issue #15, item 7)"
if [ "$(id -u)" -ne 0 ]; then
  echo "skipped: needs root (namespaces, overlay mount, chroot)"; skipped=$((skipped + 1))
elif [ ! -x out/aot/messngr ]; then
  fail "Debian package: no AOT binary to package"
elif tests/deb-smoke.sh --binary out/aot; then
  passed=$((passed + 1))
else
  fail "Debian package smoke test"
fi

echo "== fuzz smoke (SharpFuzz + AFL++)"
if fuzz/run.sh --smoke; then passed=$((passed + 1)); else fail "fuzz smoke"; fi

if [ -x bench/run.sh ]; then
  echo "== bench smoke"
  if bench/run.sh --smoke; then passed=$((passed + 1)); else fail "bench smoke"; fi
fi

echo "== done in $(( $(date +%s) - start )) s ($skipped skipped)"
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
