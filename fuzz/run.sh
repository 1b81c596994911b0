#!/usr/bin/env bash
# Fuzz the codec roots with SharpFuzz + AFL++.
#   fuzz/run.sh                    every target for 60 s each
#   fuzz/run.sh --seconds 3600 nbns smb
#   fuzz/run.sh --smoke            every target for a few seconds (what ./test.sh runs)
# Prints one line per target: executions, paths found, crashes. Exits 1 if any target crashed;
# crashing inputs stay in fuzz/work/findings/TARGET/default/crashes/ (replay: see fuzz/README.md).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
seconds=60
targets=()
while [ $# -gt 0 ]; do
  case "$1" in
    --smoke) seconds=${FUZZ_SMOKE_SECONDS:-5}; shift ;;
    --seconds) seconds=$2; shift 2 ;;
    -h|--help) sed -n '2,8p' "$0"; exit 0 ;;
    *) targets+=("$1"); shift ;;
  esac
done

command -v afl-fuzz >/dev/null || { echo "fuzz: afl-fuzz not found (apt-get install afl++)" >&2; exit 2; }
work="$here/work"
bin="$work/bin"
mkdir -p "$work"
dotnet build "$here/Messngr.Fuzz/Messngr.Fuzz.csproj" -c Release -o "$bin" --nologo -v q >/dev/null
if [ ! -x "$work/tools/sharpfuzz" ]; then
  dotnet tool install SharpFuzz.CommandLine --version 2.3.0 --tool-path "$work/tools" >/dev/null
fi
# Instrument the codec assembly (only it: coverage of the harness itself is noise).
"$work/tools/sharpfuzz" "$bin/Messngr.Wire.dll" >/dev/null

if [ ${#targets[@]} -eq 0 ]; then
  mapfile -t targets < <(dotnet "$bin/Messngr.Fuzz.dll" --list | awk 'NR>1 {print $1}')
fi

export AFL_SKIP_BIN_CHECK=1 AFL_SKIP_CPUFREQ=1 AFL_I_DONT_CARE_ABOUT_MISSING_CRASHES=1 AFL_NO_UI=1 AFL_NO_AFFINITY=1 AFL_QUIET=1
status=0
for target in "${targets[@]}"; do
  seeds="$here/corpus/$target"
  [ -d "$seeds" ] || { echo "fuzz: no seed corpus $seeds" >&2; exit 2; }
  out="$work/findings/$target"
  rm -rf "$out"; mkdir -p "$work/findings"
  timeout $((seconds + 120)) afl-fuzz -i "$seeds" -o "$out" -V "$seconds" -t 5000 -m none -- "$(command -v dotnet)" "$bin/Messngr.Fuzz.dll" "$target" >"$work/$target.log" 2>&1 || true
  stats="$out/default/fuzzer_stats"
  if [ ! -f "$stats" ]; then
    echo "fuzz: $target did not start; see $work/$target.log" >&2
    tail -20 "$work/$target.log" >&2
    status=1
    continue
  fi
  execs=$(awk -F': ' '$1 ~ /^execs_done/ {print $2}' "$stats")
  paths=$(awk -F': ' '$1 ~ /^corpus_count/ {print $2}' "$stats")
  crashes=$(awk -F': ' '$1 ~ /^saved_crashes/ {print $2}' "$stats")
  hangs=$(awk -F': ' '$1 ~ /^saved_hangs/ {print $2}' "$stats")
  printf 'fuzz %-12s %8s execs in %ss, %4s paths, %s crashes, %s hangs\n' "$target" "$execs" "$seconds" "$paths" "$crashes" "$hangs"
  if [ "${crashes:-0}" != "0" ] || [ "${hangs:-0}" != "0" ]; then
    echo "fuzz: $target found problems in $out/default/{crashes,hangs}" >&2
    status=1
  fi
  if [ "${execs:-0}" -lt 10 ]; then
    echo "fuzz: $target barely ran ($execs executions)" >&2
    status=1
  fi
done
exit $status
