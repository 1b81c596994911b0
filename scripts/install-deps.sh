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
  clang             # Native AOT link step
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
