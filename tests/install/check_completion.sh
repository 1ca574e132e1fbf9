#!/usr/bin/env bash
# Runs the bash completion as bash would, with COMP_WORDS set by hand, and
# checks what it offers.
#   check_completion.sh STRETCH_BINARY COMPLETION_SCRIPT
set -euo pipefail
bin_dir=$(mktemp -d)
trap 'rm -rf "$bin_dir"' EXIT
ln -s "$1" "$bin_dir/stretch"
export PATH="$bin_dir:$PATH" HOME="$bin_dir"
# shellcheck source=/dev/null
source "$2"

complete_line() {
  COMP_WORDS=("$@")
  COMP_CWORD=$((${#COMP_WORDS[@]} - 1))
  COMPREPLY=()
  _stretch
  printf '%s\n' "${COMPREPLY[@]}" | sort | tr '\n' ' '
}
expect() {
  local got
  got=$(complete_line "${@:2}")
  if [ "$got" != "$1" ]; then
    echo "completing '${*:2}': expected '$1', got '$got'"
    exit 1
  fi
}
expect "show start stats status " stretch s
expect "config " stretch co
expect "csv " stretch history --format c
expect "--no-bell " stretch start --no-b
expect "remind resume " stretch re
expect "--status-file " stretch resume --st
expect "desk-break " stretch remind desk
expect "hip-flexors hips-glutes " stretch start hip
expect "lower-back lower-back-quick " stretch show lower
expect "hip-flexors hips-glutes " stretch validate hip
expect "--dry-run " stretch start --d
expect "always " stretch start --color al
expect "json " stretch list --format j
expect "--names " stretch list --na
expect "--pause --pause-until " stretch remind --pa
expect "waybar " stretch status --format w
expect "--format " stretch status --f
echo "bash completion offers commands, options, values and routine names"
