#!/bin/bash
# The checks of tests/deb-smoke.sh, run by it inside the throwaway root (an overlay of / in its
# own mount, UTS, network and PID namespaces): never run this on a real system.
#   deb-smoke-inside.sh PACKAGE.deb
set -euo pipefail
deb=$1
[ "$(hostname)" = smoketest ] || { echo "deb-smoke-inside: not in the smoke test's namespace" >&2; exit 64; }
step() { echo "-- $*"; }
serve_log=""   # the service's output, shown with a failure while it runs
fail() {
  [ -n "$serve_log" ] && tail -n 40 "$serve_log" >&2
  echo "deb-smoke: FAILED: $*" >&2
  exit 1
}

# A clean start even if the host had the package or the account.
dpkg -P messngr >/dev/null 2>&1 || true
getent passwd messngr >/dev/null && userdel messngr
getent group messngr >/dev/null && groupdel messngr

step "dpkg -i"
dpkg -i "$deb" >/tmp/deb-smoke/dpkg-i.log 2>&1 || { cat /tmp/deb-smoke/dpkg-i.log; fail "dpkg -i"; }
dpkg -s messngr | grep -q '^Status: install ok installed' || fail "dpkg -s: not installed"

step "files and modes"
[ "$(readlink /usr/bin/messngr)" = ../lib/messngr/messngr ] || fail "/usr/bin/messngr is not the symlink to ../lib/messngr/messngr"
[ "$(stat -c %a /usr/lib/messngr/messngr)" = 755 ] || fail "/usr/lib/messngr/messngr mode"
[ -f /usr/lib/messngr/libe_sqlite3.so ] || fail "libe_sqlite3.so missing"
[ -x /usr/bin/messngr-send ] && /usr/bin/messngr-send --help >/dev/null || fail "/usr/bin/messngr-send (the one-shot client) missing or does not run"
[ -x /usr/lib/cups/notifier/messngr ] || fail "the CUPS notifier /usr/lib/cups/notifier/messngr is missing or not executable"
[ -f /usr/lib/systemd/system/messngr.service ] && [ -f /usr/lib/systemd/system/messngr-onfailure@.service ] || fail "messngr.service or messngr-onfailure@.service not installed"
[ -f /usr/share/doc/messngr/integrations.md ] && [ -f /usr/share/doc/messngr/openapi.json ] || fail "docs/integrations.md or docs/openapi.json not installed"
[ "$(stat -c '%a %U %G' /var/lib/messngr)" = "711 messngr messngr" ] || fail "/var/lib/messngr: $(stat -c '%a %U %G' /var/lib/messngr), want 711 messngr messngr"
[ "$(stat -c '%a %U' /etc/messngr/messngr.conf)" = "644 root" ] || fail "/etc/messngr/messngr.conf mode"
grep -qx /etc/messngr/messngr.conf /var/lib/dpkg/info/messngr.conffiles || fail "messngr.conf is not a conffile"
grep -q '^;   netbios name = ' /etc/messngr/messngr.conf || fail "messngr.conf lacks the netbios name key"
for f in /usr/share/man/man1/messngr.1.gz /usr/share/man/man5/messngr.conf.5.gz /usr/share/man/man1/messngr-send.1.gz \
  /usr/share/bash-completion/completions/messngr /usr/share/zsh/vendor-completions/_messngr \
  /usr/share/doc/messngr/copyright /etc/xdg/autostart/messngr-agent.desktop \
  /usr/lib/systemd/user/messngr-agent.service /usr/lib/systemd/system/messngr.service; do
  [ -f "$f" ] || fail "$f missing"
done
[ ! -e /usr/lib/systemd/system/messngr-agent.service ] || fail "the user unit is among the system units"

step "the messngr account"
IFS=: read -r _ _ uid _ _ home shell < <(getent passwd messngr) || fail "no user messngr"
[ "$uid" -lt 1000 ] || fail "messngr is not a system user (uid $uid)"
[ "$home" = /var/lib/messngr ] || fail "home of messngr is $home"
case "$shell" in /usr/sbin/nologin|/sbin/nologin|/bin/false) ;; *) fail "messngr has a login shell: $shell" ;; esac
getent group messngr >/dev/null || fail "no group messngr"

step "messngr --version"
messngr --version | grep -qE '^messngr [0-9]' || fail "messngr --version"

step "man -l of the three pages"
for page in /usr/share/man/man1/messngr.1.gz /usr/share/man/man5/messngr.conf.5.gz /usr/share/man/man1/messngr-send.1.gz; do
  MANWIDTH=100 man -P cat -l "$page" >/tmp/deb-smoke/man.txt 2>/tmp/deb-smoke/man.err || fail "man -l $page"
  [ ! -s /tmp/deb-smoke/man.err ] || { cat /tmp/deb-smoke/man.err; fail "man -l $page wrote warnings"; }
  [ "$(wc -l </tmp/deb-smoke/man.txt)" -gt 50 ] || fail "man -l $page rendered almost nothing"
done
grep -q 'MESSNGR_STATE_DIR' <(man -P cat -l /usr/share/man/man1/messngr-send.1.gz 2>/dev/null) || fail "messngr-send(1) does not name MESSNGR_STATE_DIR"
grep -q 'MESSNGR SEND' <(man -P cat -l /usr/share/man/man1/messngr.1.gz 2>/dev/null) || fail "messngr(1) has no section for send"
grep -q 'netbios name' <(man -P cat -l /usr/share/man/man5/messngr.conf.5.gz 2>/dev/null) || fail "messngr.conf(5) has no netbios name"

step "completions"
bash -c 'source /usr/share/bash-completion/completions/messngr && complete -p messngr' | grep -q -- '-F _messngr messngr' || fail "bash completion"
if command -v zsh >/dev/null; then
  [ "$(zsh -f -c 'fpath=(/usr/share/zsh/vendor-completions $fpath); autoload -U compinit && compinit -u -D && print -r -- $_comps[messngr]')" = _messngr ] || fail "zsh completion"
fi

step "systemd-analyze verify"
verify=/tmp/deb-smoke/verify
mkdir -p "$verify"
for unit in $(dpkg -L messngr | grep -E '^/usr/lib/systemd/(system|user)/[^/]+$'); do
  name=$(basename "$unit")
  case "$name" in
    # a template is verified as an instance of it
    *@.*) cp "$unit" "$verify/${name/@./@smoke.}"; target="$verify/${name/@./@smoke.}" ;;
    *) target=$unit ;;
  esac
  mode=--system
  # a user manager needs its runtime directory
  case "$unit" in /usr/lib/systemd/user/*) mode=--user; install -d -m 0700 /run/user/0 ;; esac
  XDG_RUNTIME_DIR=/run/user/0 SYSTEMD_LOG_LEVEL=warning systemd-analyze "$mode" verify --man=no "$target" >"$verify/out" 2>&1 || { cat "$verify/out"; fail "systemd-analyze verify $name"; }
  # verify also warns about units the file refers to that this root lacks; only its own name counts
  if grep -F "$name" "$verify/out" | grep -v 'Failed to put bus name\|Cannot add dependency job'; then fail "systemd-analyze verify $name reported the above"; fi
done

step "the installed service, started as systemd starts it"
unit=/usr/lib/systemd/system/messngr.service
exec_start=$(sed -n 's/^ExecStart=//p' "$unit" | tail -n 1)
exec_start=${exec_start#[-@:+!]}
exec_start=${exec_start//%%/%}
exec_start=${exec_start//%S//var/lib}
exec_start=${exec_start//%t//run}
[ -n "$exec_start" ] || fail "$unit has no ExecStart"
user=$(sed -n 's/^User=//p' "$unit" | tail -n 1); user=${user:-messngr}
[ "$user" = messngr ] || fail "$unit runs as '$user', not messngr"
umask_value=$(sed -n 's/^UMask=//p' "$unit" | tail -n 1)
environment=(PATH=/usr/sbin:/usr/bin:/sbin:/bin HOME=/var/lib/messngr USER=messngr LOGNAME=messngr SHELL=/usr/sbin/nologin LANG=C.UTF-8)
while read -r line; do environment+=("$line"); done < <(sed -n 's/^Environment=//p' "$unit" | tr ' ' '\n' | tr -d '"')
# EnvironmentFile=[-]FILE: KEY=VALUE lines; '-' makes a missing file no error (systemd.exec(5))
while read -r file; do
  optional=no; [ "${file#-}" != "$file" ] && optional=yes && file=${file#-}
  if [ -f "$file" ]; then
    while read -r line; do environment+=("$line"); done < <(grep -E '^[A-Za-z_][A-Za-z0-9_]*=' "$file" | tr -d '"')
  elif [ "$optional" = no ]; then
    fail "$unit: EnvironmentFile $file does not exist"
  fi
done < <(sed -n 's/^EnvironmentFile=//p' "$unit")
# systemd's directories (systemd.exec(5) "RuntimeDirectory=" ...): made for the user, named in the environment.
for kind in State:/var/lib:STATE Runtime:/run:RUNTIME Cache:/var/cache:CACHE Logs:/var/log:LOGS Configuration:/etc:CONFIGURATION; do
  IFS=: read -r key base variable <<<"$kind"
  dirs=$(sed -n "s/^${key}Directory=//p" "$unit" | tail -n 1)
  [ -n "$dirs" ] || continue
  paths=()
  for d in $dirs; do
    install -d -m "$(sed -n "s/^${key}DirectoryMode=//p" "$unit" | tail -n 1 | grep . || echo 0755)" "$base/$d"
    [ "$key" = Configuration ] || chown messngr:messngr "$base/$d"
    paths+=("$base/$d")
  done
  environment+=("${variable}_DIRECTORY=$(IFS=:; echo "${paths[*]}")")
done
eval "set -- $exec_start"
(
  [ -n "$umask_value" ] && umask "$umask_value"
  exec setpriv --reuid=messngr --regid=messngr --init-groups --inh-caps=+net_bind_service --ambient-caps=+net_bind_service -- \
    env -i "${environment[@]}" "$@" </dev/null >/tmp/deb-smoke/serve.log 2>&1
) &
serve=$!
serve_log=/tmp/deb-smoke/serve.log
# Ready when its control socket answers (a safety net of several minutes, never a timing assertion).
ready=no
for _ in $(seq 1 300); do
  kill -0 "$serve" 2>/dev/null || fail "the service exited: $exec_start"
  if messngr status >/dev/null 2>&1; then ready=yes; break; fi
  sleep 1
done
[ "$ready" = yes ] || fail "the service never answered 'messngr status'"
# the subshell exec'd setpriv, env and the daemon: $serve is the daemon itself
[ "$(stat -c %U "/proc/$serve")" = messngr ] || fail "the service runs as $(stat -c %U "/proc/$serve"), not messngr"
ss -lntu | grep -qE ':139 ' || fail "nothing listens on TCP 139"

step "smbclient -M, then messngr history"
mkdir -p /tmp/deb-smoke/samba/{private,lock,state,cache,pid,ncalrpc,log}
cat >/tmp/deb-smoke/smb.conf <<'EOF'
[global]
  netbios name = SMOKECLIENT
  workgroup = WORKGROUP
  client min protocol = NT1
  private dir = /tmp/deb-smoke/samba/private
  lock directory = /tmp/deb-smoke/samba/lock
  state directory = /tmp/deb-smoke/samba/state
  cache directory = /tmp/deb-smoke/samba/cache
  pid directory = /tmp/deb-smoke/samba/pid
  ncalrpc dir = /tmp/deb-smoke/samba/ncalrpc
  log file = /tmp/deb-smoke/samba/log/%m.log
EOF
tag="deb-smoke-$$-$RANDOM"
echo "$tag from the installed package's smoke test" | smbclient -s /tmp/deb-smoke/smb.conf -M SMOKETEST -I 127.0.0.1 -U smoke -N \
  >/tmp/deb-smoke/smbclient.log 2>&1 || { cat /tmp/deb-smoke/smbclient.log; fail "smbclient -M SMOKETEST"; }
found=no
for _ in $(seq 1 120); do
  if messngr history --json --limit 20 2>/dev/null | grep -q "$tag"; then found=yes; break; fi
  sleep 1
done
[ "$found" = yes ] || { messngr history --limit 5 || true; fail "the message is not in messngr history"; }
echo "   received by the service running as messngr: $(messngr history --limit 1 | tail -n 1)"

step "another local user reaches the service, not its files"
as_nobody() { setpriv --reuid=nobody --regid=nogroup --clear-groups -- env -i PATH=/usr/bin:/bin HOME=/nonexistent "$@"; }

step "messngr-send hands a plain send to the installed service (issue #15, item 8)"
# The service sends as the caller's login (nobody), never as $USER: the name shows which path was taken.
tag2="deb-smoke-oneshot-$$-$RANDOM"
as_nobody USER=scriptuser /usr/bin/messngr-send SMOKETEST@127.0.0.1 "$tag2" >/tmp/deb-smoke/oneshot.log 2>&1 \
  || { cat /tmp/deb-smoke/oneshot.log; fail "messngr-send SMOKETEST@127.0.0.1 as user nobody"; }
grep -q '^SMOKETEST@127.0.0.1: delivered over smb to 127.0.0.1 (unverified): ' /tmp/deb-smoke/oneshot.log || { cat /tmp/deb-smoke/oneshot.log; fail "messngr-send printed no result line"; }
found=no
for _ in $(seq 1 120); do
  if messngr history --json --limit 20 2>/dev/null | grep -B 3 "\"text\": \"$tag2\"" | grep -q '"from": "nobody"'; then found=yes; break; fi
  sleep 1
done
[ "$found" = yes ] || { messngr history --json --limit 5 || true; fail "the message messngr-send handed to the service is not in history as from nobody"; }
as_nobody messngr history --json >/tmp/deb-smoke/nobody.json 2>/tmp/deb-smoke/nobody.err || { cat /tmp/deb-smoke/nobody.err; fail "user nobody cannot reach the service with messngr history"; }
! as_nobody ls /var/lib/messngr >/dev/null 2>&1 || fail "user nobody can list /var/lib/messngr"
for f in /var/lib/messngr/*; do
  [ -S "$f" ] && continue
  ! as_nobody cat "$f" >/dev/null 2>&1 || fail "user nobody can read $f"
done
kill "$serve" 2>/dev/null || true
wait "$serve" 2>/dev/null || true
serve_log=""

step "dpkg -r keeps the configuration and the messages"
dpkg -r messngr >/tmp/deb-smoke/dpkg-r.log 2>&1 || { cat /tmp/deb-smoke/dpkg-r.log; fail "dpkg -r"; }
[ ! -e /usr/bin/messngr ] && [ ! -e /usr/lib/messngr/messngr ] || fail "dpkg -r left the binary"
[ -f /etc/messngr/messngr.conf ] || fail "dpkg -r removed the conffile"
[ -d /var/lib/messngr ] || fail "dpkg -r removed the state directory"

step "dpkg -P removes them"
dpkg -P messngr >/tmp/deb-smoke/dpkg-p.log 2>&1 || { cat /tmp/deb-smoke/dpkg-p.log; fail "dpkg -P"; }
[ ! -e /etc/messngr ] || fail "dpkg -P left /etc/messngr"
[ ! -e /var/lib/messngr ] || fail "dpkg -P left /var/lib/messngr"
! dpkg -s messngr >/dev/null 2>&1 || fail "dpkg -s still knows messngr after purge"
echo "-- all checks passed"
