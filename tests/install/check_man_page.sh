#!/usr/bin/env bash
# Fails when a command or option that --help lists is missing from the man
# page, so the two cannot drift apart.
#   check_man_page.sh STRETCH_BINARY MAN_PAGE
set -euo pipefail
stretch=$1
page=$(LC_ALL=C MANWIDTH=200 man -l "$2" 2>/dev/null)
missing=0
commands=$("$stretch" --help | awk '/^Commands:/ {on = 1; next} on && !NF {on = 0} on && /^  [a-z]/ {print $1}')
[ -n "$commands" ] || { echo "no commands found in stretch --help"; exit 1; }
for command in "" $commands; do
  if [ -n "$command" ] && ! grep -qE "^ {7}$command( |$)" <<<"$page"; then
    echo "man page: command '$command' is not described"
    missing=$((missing + 1))
  fi
  # shellcheck disable=SC2086
  for option in $("$stretch" $command --help | grep -oE -- '--[a-z][a-z-]*' | sort -u); do
    if ! grep -qF -- "$option" <<<"$page"; then
      echo "man page: option $option of 'stretch $command' is missing"
      missing=$((missing + 1))
    fi
  done
done
[ "$missing" -eq 0 ] && echo "man page covers every command and option"
exit "$missing"
