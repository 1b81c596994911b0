#!/usr/bin/env bash
# Builds messngr-send (the one-shot client for scripts, issue #15 item 8) into DIR/messngr-send:
#   src/messngr-send/build.sh out/aot
# with the C compiler the Native-AOT link already needs (cc, gcc or clang), warnings as errors,
# hardened as Debian builds programs (FORTIFY_SOURCE, stack protector, PIE, RELRO/now).
set -euo pipefail
out=${1:?usage: build.sh DIR}
here=$(cd "$(dirname "$0")" && pwd)
cc=$(command -v cc || command -v gcc || command -v clang || true)
[ -n "$cc" ] || { echo "build.sh: no C compiler (cc, gcc or clang); scripts/install-deps.sh installs one" >&2; exit 1; }
mkdir -p "$out"
"$cc" -std=c11 -O2 -Wall -Wextra -Werror -D_FORTIFY_SOURCE=2 -fstack-protector-strong -fPIE -pie -Wl,-z,relro,-z,now \
  -o "$out/messngr-send" "$here/messngr-send.c"
