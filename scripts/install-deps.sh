#!/usr/bin/env bash
# Installs the Debian packages the test suite needs, when run as root and they are missing.
# Without root it only lists what is missing (the tests that need it will then fail clearly).
set -euo pipefail

packages=(
  tshark            # decodes what our codecs write (tshark cross-checks) and captures in interop tests
  samba             # smbd/nmbd: real third-party Messenger peers in network namespaces
  smbclient         # smbclient -M: a real third-party sender
  samba-common-bin  # nmblookup, testparm
  nbtscan           # node-status client
  python3-impacket  # Impacket: third-party builder of mailslot and NetrSendMessage datagrams
  python3-scapy     # scapy: third-party packet builder
  iproute2          # ip netns, veth, bridge for multi-host tests
  afl++             # AFL++ drives the SharpFuzz fuzz targets
  clang             # Native AOT link step; also builds messngr-send (src/messngr-send/build.sh)
  zlib1g-dev        # Native AOT link step
  procps            # ps/pkill in tests
  zsh               # zsh -n checks the generated zsh completion script (issue #12, item 14)
  groff-base        # groff -man -ww checks the generated man pages (issue #12, item 14)
  chromium          # headless browser the web page tests drive with PuppeteerSharp (issue #14, item 2)
  dbus-daemon       # a private session bus for the messngr agent tests (issue #14, item 1)
  desktop-file-utils # desktop-file-validate checks packaging/messngr-agent.desktop (issue #14, item 1)
  dunst             # a real notification server for the messngr agent tests, under Xvfb (issue #14, item 1)
  xvfb              # the X server dunst needs, without a screen
  dbus-bin          # dbus-monitor records the exact Notify call on the private bus
  dpkg-dev          # dpkg-shlibdeps: the .deb's Depends (packaging/build-deb.sh; issue #15, item 7)
  lintian           # checks the .deb (tests/deb-smoke.sh; issue #15, item 7)
  man-db            # man -l renders the installed man pages in the .deb smoke test
  adduser           # the package's postinst makes the messngr system user with it
  curl              # a real third-party HTTP client publishing to the HTTP API (issue #15, item 1)
  openssl           # makes the self-signed certificate of the HTTP API's TLS test (issue #15, item 1)
  python3-prometheus-client # a real Prometheus text parser for the /metrics tests (issue #15, item 6)
  nut-server        # upsd and dummy-ups: a real UPS server for the upsmon NOTIFYCMD test (issue #15, item 4)
  nut-client        # upsmon and upsc: the real NOTIFYCMD caller (issue #15, item 4)
  clamav-daemon     # clamd: the real VirusEvent caller, with a private signature database (issue #15, item 4)
  clamdscan         # clamdscan: asks that clamd to scan the hostile file name (issue #15, item 4)
  cups-daemon       # cupsd: the real notifier caller in a private config (issue #15, item 4)
  cups-client       # lp, lpadmin, lpstat: print a job to that cupsd (issue #15, item 4)
  cups-ipp-utils    # ipptool: creates the messngr: subscription (issue #15, item 4)
  prometheus-alertmanager # the real Alertmanager drives POST /v1/alertmanager, offline on loopback (issue #15, item 2)
)

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0

if [ "$(id -u)" -ne 0 ]; then
  echo "install-deps: missing Debian packages (run ./test.sh as root to install them): ${missing[*]}" >&2
  exit 0
fi

echo "install-deps: installing ${missing[*]}"
# Keep package scripts from starting smbd/nmbd on this host: tests start their own in namespaces.
policy=/usr/sbin/policy-rc.d
created_policy=0
if [ ! -e "$policy" ]; then
  printf '#!/bin/sh\nexit 101\n' > "$policy"; chmod +x "$policy"; created_policy=1
fi
trap '[ "$created_policy" = 1 ] && rm -f "$policy"' EXIT
export DEBIAN_FRONTEND=noninteractive
echo "wireshark-common wireshark-common/install-setuid boolean false" | debconf-set-selections
apt-get update -q >/dev/null
apt-get install -y -q --no-install-recommends "${missing[@]}" >/dev/null
