#!/usr/bin/env bash
# Installs into a scratch DESTDIR under the prefixes people use, and asks a
# real zsh whether the installed _stretch sits in a directory of its $fpath.
#   check_zsh_completion.sh BUILD_DIR
set -euo pipefail
build=$1
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
fpath=$(zsh -fc 'print -rl -- $fpath')
failed=0
for prefix in /usr/local /usr /opt/stretch; do
  destdir=$work/$(basename "$prefix")
  DESTDIR="$destdir" cmake --install "$build" --prefix "$prefix" >/dev/null
  installed=$(cd "$destdir" && find . -name _stretch -printf '/%P\n')
  dir=$(dirname "$installed")
  if [ "$prefix" = /opt/stretch ]; then
    # No zsh looks there by itself; the directory is the one to add to fpath.
    [ "$dir" = /opt/stretch/share/zsh/site-functions ] || { echo "$prefix: _stretch in $dir"; failed=1; }
  elif ! grep -qxF "$dir" <<<"$fpath"; then
    echo "prefix $prefix: _stretch is in $dir, which is not in zsh's \$fpath"
    failed=1
  fi
done
[ "$failed" -eq 0 ] && echo "zsh finds _stretch under /usr and /usr/local"
exit "$failed"
