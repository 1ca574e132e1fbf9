#!/usr/bin/env bash
# Builds the Debian package, unpacks it into a scratch root and uses what is
# installed there: the binary from any directory, the man page, the
# completions, and the package's metadata.
#   check_package.sh BUILD_DIR
set -euo pipefail
build=$1
root=$(mktemp -d)
trap 'rm -rf "$root"' EXIT

(cd "$build" && cpack -G DEB >/dev/null)
deb=$(ls -t "$build"/stretch_*.deb | head -n 1)
# Read whole first: grep -q stops reading at its match, and under pipefail
# the writer's SIGPIPE would fail the check at random.
info=$(dpkg-deb --info "$deb")
grep -E '^ (Package|Version|Depends|Section):' <<<"$info"
# libc6 comes from dpkg-shlibdeps; libsystemd0, which the reminder opens
# when it first needs a bus, from the project.
grep -q '^ Depends: .*libc6 (>=' <<<"$info" || { echo "Depends lacks libc6"; exit 1; }
grep -q '^ Depends: .*libsystemd0' <<<"$info" || { echo "Depends lacks libsystemd0"; exit 1; }
dpkg -x "$deb" "$root"

stretch="$root/usr/bin/stretch"
cd /
grep -q '^lower-back ' <<<"$(HOME="$root" "$stretch" list)" ||
  { echo "installed list lacks lower-back"; exit 1; }
HOME="$root" "$stretch" start lower-back --dry-run | tail -n 1 | grep -q 'end done 2/2' ||
  { echo "installed dry run did not finish"; exit 1; }
grep -q 'guided stretch timer' <<<"$(LC_ALL=C man -l "$root/usr/share/man/man1/stretch.1"*)" ||
  { echo "man page does not render"; exit 1; }
for file in usr/share/bash-completion/completions/stretch usr/share/zsh/vendor-completions/_stretch \
  usr/share/fish/vendor_completions.d/stretch.fish usr/share/stretch/routine.schema.json \
  usr/share/doc/stretch/copyright usr/lib/systemd/user/stretch-remind.service; do
  [ -f "$root/$file" ] || { echo "missing from the package: /$file"; exit 1; }
done
grep -qxF 'ExecStart=/usr/bin/stretch remind' "$root/usr/lib/systemd/user/stretch-remind.service" ||
  { echo "the packaged unit does not start /usr/bin/stretch"; exit 1; }
echo "package installs and runs: $(basename "$deb")"
