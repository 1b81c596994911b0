#!/usr/bin/env bash
# Builds the Debian package of messngr (issue #15, item 7): a Native-AOT publish, then
# out/deb/messngr_VERSION_amd64.deb made with dpkg-deb --root-owner-group (no debhelper).
#
#   packaging/build-deb.sh [--binary DIR] [--packaging DIR] [--out DIR]
#
#   --binary DIR     an existing AOT publish of src/Messngr.Cli (messngr and libe_sqlite3.so, as
#                    test.sh's "Native AOT publish" leaves in out/aot) instead of publishing again
#   --packaging DIR  where the units, the .desktop file, cups/, lib/ and debian/ are taken from (default:
#                    this script's directory)
#   --out DIR        where the .deb is written (default: out/deb); its path is the last line printed
#
# Layout (deb-policy, FHS): /usr/bin/messngr-send (src/messngr-send, compiled here); the binary and the SQLite library it loads from its own directory in
# /usr/lib/messngr, /usr/bin/messngr a symlink to it; every packaging/*.service (and *@.service
# template) in /usr/lib/systemd/system except the user unit messngr-agent.service, which goes to
# /usr/lib/systemd/user; the agent's autostart file in /etc/xdg/autostart; packaging/cups/messngr
# as the CUPS notifier; packaging/lib/* in /usr/lib/messngr; /etc/messngr/messngr.conf (every key
# at its default, commented out: 'messngr default-config'), man pages and completions made by the
# freshly built binary itself, so they describe exactly the commands and options it has.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/.." && pwd)
binary=""; packaging="$here"; out="$repo/out/deb"
while [ $# -gt 0 ]; do
  case "$1" in
    --binary) binary=$(cd "$2" && pwd); shift 2 ;;
    --packaging) packaging=$(cd "$2" && pwd); shift 2 ;;
    --out) mkdir -p "$2"; out=$(cd "$2" && pwd); shift 2 ;;
    *) echo "usage: $0 [--binary DIR] [--packaging DIR] [--out DIR]" >&2; exit 64 ;;
  esac
done
for tool in dpkg-deb gzip strip; do
  command -v "$tool" >/dev/null || { echo "build-deb: $tool is needed (apt-get install dpkg gzip binutils)" >&2; exit 69; }
done

if [ -z "$binary" ]; then
  echo "build-deb: Native AOT publish of messngr (linux-x64) to out/aot"
  dotnet publish "$repo/src/Messngr.Cli" -r linux-x64 -c Release -o "$repo/out/aot" --nologo -v q
  binary="$repo/out/aot"
fi
messngr="$binary/messngr"
[ -x "$messngr" ] || { echo "build-deb: no executable $messngr" >&2; exit 66; }
[ -f "$binary/libe_sqlite3.so" ] || { echo "build-deb: $binary/libe_sqlite3.so is missing (the store's SQLite, loaded from the binary's directory)" >&2; exit 66; }

# Reproducible: dpkg-deb clamps the files' times to SOURCE_DATE_EPOCH, by default the last commit's.
SOURCE_DATE_EPOCH=${SOURCE_DATE_EPOCH:-$(git -C "$repo" log -1 --format=%ct 2>/dev/null || date +%s)}
export SOURCE_DATE_EPOCH
# Maintainer (control and changelog): DEBFULLNAME and DEBEMAIL, as dch(1) takes them.
maintainer="${DEBFULLNAME:-messngr maintainers} <${DEBEMAIL:-messngr@example.org}>"
version=$("$messngr" --version | awk '{print $2}')
[ -n "$version" ] || { echo "build-deb: $messngr --version printed no version" >&2; exit 70; }
stage=$(mktemp -d)
trap 'rm -rf "$stage"' EXIT
root="$stage/root"
mkdir -p "$root/DEBIAN" "$root/usr/bin" "$root/usr/lib/messngr"

# The binary and every native library of the publish, side by side: the AOT runtime loads
# libe_sqlite3.so from the directory of the real executable (the symlink is resolved).
install -m 0755 "$messngr" "$root/usr/lib/messngr/messngr"
for lib in "$binary"/*.so; do
  install -m 0644 "$lib" "$root/usr/lib/messngr/"
  # as dh_strip does: the NuGet package's library carries its symbols (lintian: unstripped-binary-or-object)
  strip --strip-unneeded --remove-section=.comment --remove-section=.note "$root/usr/lib/messngr/$(basename "$lib")"
done
ln -s ../lib/messngr/messngr "$root/usr/bin/messngr"
# The one-shot client for scripts (issue #15, item 8; C, src/messngr-send): built here from source,
# stripped as dh_strip strips; it execs /usr/bin/messngr for everything but relaying to the daemon.
"$repo/src/messngr-send/build.sh" "$root/usr/bin"
strip --strip-unneeded --remove-section=.comment --remove-section=.note "$root/usr/bin/messngr-send"
chmod 0755 "$root/usr/bin/messngr-send"
# Other helpers of the package (packaging/lib/*): taken by glob, executables stay executable.
if [ -d "$packaging/lib" ]; then
  for f in "$packaging/lib"/*; do
    [ -e "$f" ] || continue
    cp -R --no-preserve=ownership "$f" "$root/usr/lib/messngr/"
  done
fi

# systemd units: system units and templates, and the one user unit.
system_units=()
for unit in "$packaging"/*.service "$packaging"/*.socket "$packaging"/*.timer; do
  [ -f "$unit" ] || continue
  name=$(basename "$unit")
  if [ "$name" = messngr-agent.service ]; then
    install -D -m 0644 "$unit" "$root/usr/lib/systemd/user/$name"
  else
    install -D -m 0644 "$unit" "$root/usr/lib/systemd/system/$name"
    case "$name" in *@.*) ;; *) system_units+=("$name") ;; esac
  fi
done
[ -f "$packaging/messngr-agent.desktop" ] && install -D -m 0644 "$packaging/messngr-agent.desktop" "$root/etc/xdg/autostart/messngr-agent.desktop"
[ -f "$packaging/cups/messngr" ] && install -D -m 0755 "$packaging/cups/messngr" "$root/usr/lib/cups/notifier/messngr"

# What the binary says about itself: config, man pages, completions.
install -d -m 0755 "$root/etc/messngr" "$root/usr/share/man/man1" "$root/usr/share/man/man5" \
  "$root/usr/share/bash-completion/completions" "$root/usr/share/zsh/vendor-completions" "$root/usr/share/doc/messngr"
"$messngr" default-config >"$root/etc/messngr/messngr.conf"
"$messngr" man messngr | gzip -9n >"$root/usr/share/man/man1/messngr.1.gz"
"$messngr" man messngr.conf | gzip -9n >"$root/usr/share/man/man5/messngr.conf.5.gz"
"$messngr" man messngr-send | gzip -9n >"$root/usr/share/man/man1/messngr-send.1.gz"
"$messngr" completion bash >"$root/usr/share/bash-completion/completions/messngr"
"$messngr" completion zsh >"$root/usr/share/zsh/vendor-completions/_messngr"
install -m 0644 "$packaging/debian/copyright" "$root/usr/share/doc/messngr/copyright"
# What an admin copies from (issue #15): the integrations' config lines and the HTTP API's OpenAPI document.
for doc in integrations.md openapi.json; do
  [ -f "$repo/docs/$doc" ] && install -m 0644 "$repo/docs/$doc" "$root/usr/share/doc/messngr/$doc"
done
printf 'messngr (%s) unstable; urgency=medium\n\n  * Built from the messngr repository by packaging/build-deb.sh.\n\n -- %s  %s\n' \
  "$version" "$maintainer" "$(date -R -d "@$SOURCE_DATE_EPOCH")" | gzip -9n >"$root/usr/share/doc/messngr/changelog.gz"
find "$root" -type d -exec chmod 0755 {} +
find "$root/usr/share" "$root/etc" -type f -exec chmod 0644 {} +

# Depends: what the ELF files link (dpkg-shlibdeps: libc6 with its symbol versions) and what the
# .NET runtime dlopens: libssl3 for TLS (the native listener, Kestrel). No libicu (invariant
# globalization), no zlib (bundled), SQLite shipped; adduser for the postinst.
shlibs=""
if command -v dpkg-shlibdeps >/dev/null; then
  mkdir -p "$stage/src/debian"
  printf 'Source: messngr\n\nPackage: messngr\nArchitecture: amd64\n' >"$stage/src/debian/control"
  shlibs=$(cd "$stage/src" && dpkg-shlibdeps -O "$root/usr/lib/messngr/messngr" "$root/usr/lib/messngr"/*.so 2>/dev/null | sed -n 's/^shlibs:Depends=//p')
fi
[ -n "$shlibs" ] || shlibs="libc6 (>= 2.34)"
depends="$shlibs, libssl3 | libssl3t64, adduser"

installed_size=$(du -sk --exclude=DEBIAN "$root" | cut -f1)
sed -e "s/@VERSION@/$version/" -e "s/@DEPENDS@/$depends/" -e "s/@INSTALLED_SIZE@/$installed_size/" -e "s|@MAINTAINER@|$maintainer|" \
  "$packaging/debian/control.in" >"$root/DEBIAN/control"
(cd "$root" && find etc -type f | sed 's|^|/|' | sort) >"$root/DEBIAN/conffiles"
for script in postinst prerm postrm; do
  sed -e "s/@UNITS@/${system_units[*]:-}/" "$packaging/debian/$script" >"$root/DEBIAN/$script"
  chmod 0755 "$root/DEBIAN/$script"
done
(cd "$root" && find usr etc -type f ! -path 'DEBIAN/*' -print0 | sort -z | xargs -0 md5sum) >"$root/DEBIAN/md5sums"
chmod 0644 "$root/DEBIAN/control" "$root/DEBIAN/conffiles" "$root/DEBIAN/md5sums"

mkdir -p "$out"
deb="$out/messngr_${version}_amd64.deb"
dpkg-deb --build --root-owner-group -Zxz "$root" "$deb" >/dev/null
echo "build-deb: $(du -k "$deb" | cut -f1) KiB, Depends: $depends"
echo "$deb"
