#!/usr/bin/env bash
# The messngr bench (issue #6): builds Release, then runs bench/Messngr.Bench as root. It creates its
# own network namespaces (mbench-SUFFIX-*, 10.97.0.0/24), starts messngr, Samba and the limit
# responders there, drives bounded loads from the client namespace and prints a Markdown table
# (also written to bench/results/latest.md). See bench/README.md.
#
#   bench/run.sh                 full run (a few minutes)
#   bench/run.sh --smoke         seconds-long, tiny counts: proves the harness works (exit 0/1)
#   bench/run.sh --scenario 1,3  only those scenarios
#   bench/run.sh --aot           publish the Native-AOT messngr to out/aot first (used when present)
set -euo pipefail
cd "$(dirname "$0")/.."
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

if [ "$(id -u)" -ne 0 ]; then
  echo "bench/run.sh: must run as root (it creates network namespaces, a bridge and veths, and binds ports 135-139)" >&2
  exit 1
fi

suffix=$(od -An -N2 -tx1 /dev/urandom | tr -d ' \n')
cleanup() {
  # The bench cleans up after itself; this catches what a killed bench left behind (hosts first, switch last).
  local ns pids
  for ns in $(ip netns list 2>/dev/null | awk '{print $1}' | grep "^mbench-$suffix-" | sort -t- -k3 | grep -v -- '-switch$'; \
              ip netns list 2>/dev/null | awk '{print $1}' | grep "^mbench-$suffix-switch$"); do
    pids=$(ip netns pids "$ns" 2>/dev/null || true)
    [ -n "$pids" ] && kill -KILL $pids 2>/dev/null || true
    ip netns delete "$ns" 2>/dev/null || true
  done
  rm -rf "/tmp/mbench-$suffix" /dev/shm/mbench-"$suffix"-*
}
trap cleanup EXIT
trap 'exit 130' INT TERM

args=()
aot=no
for a in "$@"; do
  if [ "$a" = "--aot" ]; then aot=yes; else args+=("$a"); fi
done

# Scenario 7's reference peer (issue #13): Debian's NATS server with JetStream, installed like Samba's packages.
if ! command -v nats-server >/dev/null && [ ! -x /usr/sbin/nats-server ]; then
  echo "bench: installing nats-server (apt-get)" >&2
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nats-server >&2 \
    || { apt-get update -qq >&2 && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nats-server >&2; } \
    || echo "bench: could not install nats-server; scenario 7 will fail" >&2
fi

echo "bench: building Release (the bench and messngr)" >&2
dotnet build bench/Messngr.Bench -c Release --nologo -v q -clp:ErrorsOnly >&2
if [ "$aot" = yes ] || [ ! -x out/aot/messngr ]; then
  # Scenarios 4-6 measure the Native-AOT binary (what users run): publish it when missing.
  echo "bench: publishing the Native-AOT messngr to out/aot" >&2
  dotnet publish src/Messngr.Cli -r linux-x64 -c Release -o out/aot --nologo -v q >&2
fi
if [ "$aot" = yes ] || [ ! -x out/aot/messngr-send ] || [ src/messngr-send/messngr-send.c -nt out/aot/messngr-send ]; then
  # Scenario 4 (issue #15, item 8): messngr-send, the one-shot client for scripts (C), beside messngr.
  echo "bench: building messngr-send to out/aot" >&2
  src/messngr-send/build.sh out/aot >&2
fi
if [ ! -x out/bench/hello-aot/hello ] || [ bench/floor/hello/Hello.cs -nt out/bench/hello-aot/hello ]; then
  # Scenario 4's C# process floor: a Native-AOT hello (bench/floor/hello).
  echo "bench: publishing the C# AOT floor to out/bench/hello-aot" >&2
  dotnet publish bench/floor/hello -r linux-x64 -c Release -o out/bench/hello-aot --nologo -v q >&2 || echo "bench: could not publish the C# AOT floor" >&2
fi
# Scenario 4's process-start floor, scenario 6's flood generator and scenario 7's fsync floor
# (C; gcc, or the clang the AOT link installs).
mkdir -p out/bench
for src in bench/floor/floor.c bench/flood/flood.c bench/floor/fsync.c; do
  c=$(basename "$src" .c)
  if [ ! -x "out/bench/$c" ] || [ "$src" -nt "out/bench/$c" ]; then
    cc=$(command -v gcc || command -v clang || echo cc)
    "$cc" -O2 -Wall -Wextra -Werror -o "out/bench/$c" "$src" >&2 || echo "bench: could not build out/bench/$c with $cc" >&2
  fi
done

dotnet bench/Messngr.Bench/bin/Release/net10.0/Messngr.Bench.dll --suffix "$suffix" --repo "$PWD" ${args[@]+"${args[@]}"}
