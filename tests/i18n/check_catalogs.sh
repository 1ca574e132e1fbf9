#!/usr/bin/env bash
# Fails when a message in the sources has no German or Spanish translation,
# or a translation is fuzzy or breaks its format: the messages are
# extracted afresh, merged into a copy of each catalog, and checked with
# msgfmt --check.
#   check_catalogs.sh SOURCE_DIR
set -euo pipefail
cd "$1"
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
mapfile -t sources < <(find src include -name '*.cpp' -o -name '*.hpp' | sort)
xgettext --language=C++ --from-code=UTF-8 --keyword=tr --keyword=trn:1,2 --keyword=trc:1c,2 --keyword=N_ \
  --force-po --package-name=stretch --output="$scratch/stretch.pot" "${sources[@]}"
messages=$(grep -c '^msgid "' "$scratch/stretch.pot")
failed=0
for po in po/*.po; do
  language=$(basename "$po" .po)
  msgmerge --quiet --force-po --no-fuzzy-matching --output-file="$scratch/$language.po" "$po" "$scratch/stretch.pot"
  statistics=$(LC_ALL=C msgfmt --check --statistics -o /dev/null "$scratch/$language.po" 2>&1)
  if [[ $statistics == *untranslated* || $statistics == *fuzzy* ]]; then
    echo "$language: $statistics"
    { LC_ALL=C msgattrib --untranslated "$scratch/$language.po"
      LC_ALL=C msgattrib --only-fuzzy "$scratch/$language.po"; } | grep '^msgid "..*' | head -20 || true
    failed=1
  fi
done
[ "$failed" -eq 0 ] && echo "de and es translate all $((messages - 1)) messages"
exit "$failed"
