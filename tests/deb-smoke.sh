#!/usr/bin/env bash
# The Debian package, built, installed and smoke-tested in a throwaway root (issue #15, item 7):
#
#   tests/deb-smoke.sh [--binary DIR | --package DEB]
#     (root; DIR: an AOT publish to package, e.g. out/aot; DEB: an already built package to test)
#
# Builds the .deb with packaging/build-deb.sh (lintian, when installed, must report no error),
# then, in new mount, UTS, network and PID namespaces, mounts an overlay of / (upper layer on a
# tmpfs) and chroots into it, so the host's dpkg database, users and files are never touched,
# and there: dpkg -i; checks the files, the modes (0711 state directory owned by messngr, the
# conffile), the messngr account, messngr --version, man -l of both pages, the bash and zsh
# completions and systemd-analyze verify of the installed units; starts the INSTALLED unit's
# ExecStart as systemd would (user messngr, CAP_NET_BIND_SERVICE as an ambient capability) in the
# namespace's own loopback, sends it a message with smbclient -M and reads it back with the
# installed messngr history; then dpkg -r and dpkg -P and checks what each leaves.
# Exit status 0 when every check passed; the failing check is named otherwise.
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
binary=""; package=""
while [ $# -gt 0 ]; do
  case "$1" in
    --binary) binary=$(cd "$2" && pwd); shift 2 ;;
    --package) package=$(realpath "$2"); shift 2 ;;
    *) echo "usage: $0 [--binary DIR | --package DEB]" >&2; exit 64 ;;
  esac
done
[ "$(id -u)" -eq 0 ] || { echo "deb-smoke: needs root (namespaces, overlay mount, chroot)" >&2; exit 77; }

work=$(mktemp -d /tmp/messngr-deb-smoke.XXXXXX)
trap 'umount -l "$work/ovl" 2>/dev/null || true; rm -rf "$work"' EXIT

# The packaging directory as it is: the real units (packaging/messngr.service is the one installed and started).
cp -R "$repo/packaging" "$work/packaging"
[ -f "$work/packaging/messngr.service" ] || { echo "deb-smoke: packaging/messngr.service is missing" >&2; exit 1; }

if [ -n "$package" ]; then
  deb=$package
else
  echo "== deb-smoke: building the package"
  "$repo/packaging/build-deb.sh" ${binary:+--binary "$binary"} --packaging "$work/packaging" --out "$work/out" | tee "$work/build.log"
  deb=$(tail -n 1 "$work/build.log")
fi
[ -f "$deb" ] || { echo "deb-smoke: FAILED: no package built" >&2; exit 1; }
dpkg-deb --info "$deb" | sed -n '/Package:/,/Depends:/p'

if command -v lintian >/dev/null; then
  echo "== deb-smoke: lintian"
  lintian --tag-display-limit 0 "$deb" 2>&1 | tee "$work/lintian.log" || true
  if grep -q '^E:' "$work/lintian.log"; then echo "deb-smoke: FAILED: lintian reports errors" >&2; exit 1; fi
fi

echo "== deb-smoke: install and run in a throwaway root"
mkdir -p "$work/ovl"
cp "$repo/tests/deb-smoke-inside.sh" "$work/inside.sh"
cp "$deb" "$work/messngr.deb"
unshare --mount --uts --net --pid --fork --kill-child bash -euo pipefail -c '
  work=$1
  mount --make-rprivate /
  mount -t tmpfs -o mode=0755 deb-smoke "$work/ovl"
  mkdir "$work/ovl/upper" "$work/ovl/work" "$work/ovl/root"
  root=$work/ovl/root
  mount -t overlay overlay -o "lowerdir=/,upperdir=$work/ovl/upper,workdir=$work/ovl/work" "$root"
  mount -t proc proc "$root/proc"
  mount --rbind /dev "$root/dev"
  mount -t tmpfs -o mode=0755 run "$root/run"
  mount -t tmpfs -o mode=1777 tmp "$root/tmp"
  mkdir -p "$root/tmp/deb-smoke"
  cp "$work/inside.sh" "$work/messngr.deb" "$root/tmp/deb-smoke/"
  hostname smoketest
  ip link set lo up
  exec chroot "$root" /usr/bin/env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin LC_ALL=C.UTF-8 HOME=/root TERM=dumb \
    /bin/bash /tmp/deb-smoke/inside.sh /tmp/deb-smoke/messngr.deb
' deb-smoke "$work"
echo "deb-smoke: passed"
