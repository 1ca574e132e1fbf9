#!/usr/bin/env bash
# Installs into a scratch prefix and has systemd check the user unit there:
# its syntax, that ExecStart is the installed binary, and that the man page
# it names exists.
#   check_service.sh BUILD_DIR
set -euo pipefail
build=$1
if ! command -v systemd-analyze >/dev/null; then
  echo "systemd-analyze is not installed (scripts/install-deps --test installs it); skipped"
  exit 0
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
prefix=$work/prefix
cmake --install "$build" --prefix "$prefix" >/dev/null
unit=$prefix/lib/systemd/user/stretch-remind.service
[ -f "$unit" ] || { echo "not installed: $unit"; exit 1; }
grep -qxF "ExecStart=$prefix/bin/stretch remind" "$unit" ||
  { echo "ExecStart does not name the installed binary:"; grep ExecStart "$unit"; exit 1; }
# A user manager needs a runtime directory; verify looks the man page up.
mkdir -m 700 "$work/run"
XDG_RUNTIME_DIR=$work/run MANPATH=$prefix/share/man systemd-analyze verify --user "$unit"
echo "systemd-analyze verify --user passes on the installed unit"
