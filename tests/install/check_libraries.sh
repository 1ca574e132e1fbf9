#!/usr/bin/env bash
# Holds start-up to its floor: the binary links no library that only some
# commands need (they are opened when first used), and `stretch status`,
# `list` and `--version` load none of them.
# A self-contained build (the shipped one) also carries fmt and libstdc++.
#   check_libraries.sh STRETCH_BINARY SELF_CONTAINED(ON|OFF)
set -euo pipefail
stretch=$1
self_contained=$2
opened_when_used='libsystemd|libical|libpulse|libgio|libglib|libspeechd|libtomlplusplus'
if [ "$self_contained" = ON ]; then
  opened_when_used="$opened_when_used|libfmt|libstdc\+\+|libgcc_s"
fi
failed=0
needed=$(readelf -d "$stretch" | awk '/\(NEEDED\)/ {print $NF}')
[ -n "$needed" ] || { echo "readelf found no NEEDED entries in $stretch"; exit 1; }
if grep -E "$opened_when_used" <<<"$needed"; then
  echo "the binary links the libraries above: it opens them when first needed, or carries them"
  failed=1
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
for command in status list --version; do
  # The dynamic loader names every library it opens, up to the exit.
  HOME=$work XDG_RUNTIME_DIR=$work LD_DEBUG=files LD_DEBUG_OUTPUT=$work/loaded \
    "$stretch" $command >/dev/null
  loaded=$(cat "$work"/loaded.* | grep -oE 'file=[^ ]+' | sort -u)
  rm -f "$work"/loaded.*
  grep -q 'libc\.so' <<<"$loaded" || { echo "LD_DEBUG showed nothing for '$command'"; failed=1; }
  if grep -E "$opened_when_used" <<<"$loaded"; then
    echo "'stretch $command' loads the libraries above"
    failed=1
  fi
done
exit "$failed"
