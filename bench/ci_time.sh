#!/usr/bin/env bash
# Times `.ci/run` as CI runs it, on a fresh clone of HEAD with no standard
# input: cold, with empty compiler and lint caches (the Debian packages are
# installed already), then warm, on another fresh clone with the caches the
# cold run left. Writes the "## CI run" section of docs/benchmarks.md.
set -euo pipefail
cd "$(dirname "$0")/.."

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
commit=$(git rev-parse --short HEAD)

timed_run() {
  git clone -q . "$work/$1"
  local start
  start=$(date +%s)
  if ! (cd "$work/$1" && CCACHE_DIR="$work/ccache" XDG_CACHE_HOME="$work/cache" CI=true \
    bash .ci/run </dev/null >"$work/$1.log" 2>&1); then
    echo "ci_time: the $1 run failed; the end of its log:" >&2
    tail -40 "$work/$1.log" >&2
    exit 1
  fi
  echo $(($(date +%s) - start))
}
minutes() { printf '%dm%02ds' $(($1 / 60)) $(($1 % 60)); }

cold=$(timed_run cold)
warm=$(timed_run warm)
section="## CI run

\`bench/ci_time.sh\` on $(date -u +%Y-%m-%d), commit ${commit}: \`CI=true bash .ci/run < /dev/null\`
on a fresh clone, $(nproc) cores. Each run is the whole of CI: clang-format,
clang-tidy, each source compiled on its own, the gcc suite with \`-Werror\`, the
ASan+UBSan suite with the fuzz corpus.

| run | time | target | met |
|---|---|---|---|
| cold: empty ccache and lint cache | $(minutes "$cold") | ≤ 8 min | $([ "$cold" -le 480 ] && echo yes || echo '**no**') |
| warm: the caches of the cold run, another clone | $(minutes "$warm") | ≤ 4 min | $([ "$warm" -le 240 ] && echo yes || echo '**no**') |"

kept=$(sed '/^## CI run/,$d' docs/benchmarks.md)
printf '%s\n\n%s\n' "$kept" "$section" >docs/benchmarks.md
echo "$section"
