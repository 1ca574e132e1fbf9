#!/usr/bin/env bash
# Ten years of history on three machines (30,000 sessions in a shared
# folder): the median wall time of `stretch stats` and `stretch history`
# over all of it, and `stretch status` with and without it, which must not
# differ since status reads no history. Prints "name ms" lines.
#   bench/shared_history.sh STRETCH_BINARY WORK_DIR
set -euo pipefail
stretch=$1
work=$2
shared=$work/Sync/stretch
python3 "$(dirname "$0")/make_history.py" "$shared" 10000
median() {
  hyperfine -N --warmup 5 --runs "$1" --export-json "$work/shared.json" "${@:2}" >/dev/null 2>&1
  python3 -c 'import json,sys; print(" ".join("%.2f" % (r["median"] * 1000) for r in json.load(open(sys.argv[1]))["results"]))' "$work/shared.json"
}
export STRETCH_SHARED_DIR=$shared STRETCH_MACHINE=laptop
read -r stats_ms history_ms < <(median 30 "$stretch stats" "$stretch history")
# Both through env, so that only the setting differs.
read -r status_without status_with < <(median 200 "env -u STRETCH_SHARED_DIR $stretch status" \
  "env STRETCH_SHARED_DIR=$shared $stretch status")
sessions=$(env STRETCH_SHARED_DIR="$shared" "$stretch" stats --format json |
  python3 -c 'import json,sys; print(json.load(sys.stdin)["sessions"])')
echo "shared_stats $stats_ms"
echo "shared_history $history_ms"
echo "shared_status $status_without $status_with"
echo "shared_sessions $sessions"
