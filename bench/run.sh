#!/usr/bin/env bash
# make bench: measures stretch against its targets and writes
# docs/benchmarks.md. Needs an otherwise idle machine; takes about 4 minutes.
#   bench/run.sh BUILD_DIR
set -euo pipefail
cd "$(dirname "$0")/.."
build=$1
stretch=$PWD/$build/stretch
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export HOME=$work # no user routines, no history of the machine's user

# 1. Start-up: median wall time over many runs, and peak resident memory.
startup() {
  hyperfine -N --warmup 10 --runs 100 --export-json "$work/h.json" "$1" >/dev/null 2>&1
  median_ms=$(python3 -c 'import json,sys; print("%.2f" % (json.load(open(sys.argv[1]))["results"][0]["median"] * 1000))' "$work/h.json")
  rss_kb=$(/usr/bin/time -f %M $1 2>&1 >/dev/null | tail -n 1)
  echo "$median_ms $rss_kb"
}
read -r list_ms list_rss < <(startup "$stretch list")
read -r show_ms show_rss < <(startup "$stretch show lower-back")
read -r version_ms version_rss < <(startup "$stretch --version")

# `stretch status` as a status bar calls it, with a reminder running: it
# reads the reminder's status file and asks the kernel who holds its lock.
export XDG_RUNTIME_DIR=$work/run
mkdir -m 700 "$XDG_RUNTIME_DIR"
env -u DBUS_SESSION_BUS_ADDRESS "$stretch" remind </dev/null 2>/dev/null &
reminder=$!
for _ in $(seq 100); do "$stretch" remind --status >/dev/null 2>&1 && break; sleep 0.05; done
read -r status_ms status_rss < <(startup "$stretch status")
# The same three against the floor of any program, /bin/true, and the floor
# of any program on stretch's stack (bench/stack_floor.cpp), in one
# hyperfine run so that all see the same machine at the same time.
hyperfine -N --warmup 20 --runs 300 --export-json "$work/floor.json" /bin/true \
  "$build/bench/stack_floor status" "$stretch status" "$stretch list" "$stretch --version" \
  >/dev/null 2>&1
read -r true_ms stack_over status_over list_over version_over \
  status_over_stack list_over_stack version_over_stack < <(python3 -c '
import json, sys
medians = [r["median"] * 1000 for r in json.load(open(sys.argv[1]))["results"]]
print("%.2f" % medians[0], *("%.2f" % (m - medians[0]) for m in medians[1:]),
      *("%.2f" % (m - medians[1]) for m in medians[2:]))' "$work/floor.json")
kill "$reminder"
wait "$reminder" || true

# Ten years of history on three machines in a shared folder: stats and
# history over all of it, and status with it and without.
mkdir "$work/shared"
bench/shared_history.sh "$stretch" "$work/shared" > "$work/shared.txt"
shared() { awk -v n="shared_$1" '$1 == n {print $2}' "$work/shared.txt"; }
read -r _ status_without_history status_with_history < <(grep '^shared_status ' "$work/shared.txt")

# 2. Scale: planning plus a dry run by phase count, and loading 1 MiB.
"$build/bench/scale" > "$work/scale.txt"
scale() { awk -v n="$1" '$1 == "phases" && $2 == n {print $3}' "$work/scale.txt"; }
load_ms=$(awk '$1 == "load_1mib" {print $2}' "$work/scale.txt")
load_one_line_ms=$(awk '$1 == "load_1mib_one_line" {print $2}' "$work/scale.txt")
# shape NAME one_line|pretty ms bytes
shape() { awk -v n="$1" -v l="$2" '$1 == "shape" && $2 == n && $3 == l {print $4}' "$work/scale.txt"; }
shape_row() {
  local one pretty worst
  one=$(shape "$1" one_line)
  pretty=$(shape "$1" pretty)
  worst=$(awk -v a="$one" -v b="$pretty" 'BEGIN { print (a > b) ? a : b }')
  echo "| load or reject 1 MiB of $2, one line / pretty | $one / $pretty ms | ≤ 50 ms | $(verdict "$worst" 50) |"
}

# 3. Idle cost over 60 s, text to a pipe and the live view in tmux, side by
#    side (each is idle, so they do not disturb each other).
bench/idle_cost.sh "$stretch" text 60 > "$work/idle_text.txt" &
bench/idle_cost.sh "$stretch" live 60 > "$work/idle_live.txt" &
wait
read -r _ text_cpu text_wakeups < "$work/idle_text.txt"
read -r _ live_cpu live_wakeups < "$work/idle_live.txt"

# 4. Cue timing from outside the process, on the real clock: a minute of
#    short phases, then the same at --speed 10.
read -r events1 median1 p99_1 worst1 end1 < <("$build/bench/cue_timing" "$stretch" bench/many-phases.json 1)
read -r events10 median10 p99_10 worst10 end10 < <("$build/bench/cue_timing" "$stretch" bench/many-phases.json 10)

# 5. One full busy check: every source, 300 processes of 50 descriptors each
#    in a made-up proc tree, a calendar of 1,000 events.
"$build/bench/busy_check" > "$work/busy.txt"
busy() { awk -v n="busy_$1" '$1 == n {print $2}' "$work/busy.txt"; }

verdict() { awk -v v="$1" -v limit="$2" 'BEGIN { print (v <= limit) ? "yes" : "**no**" }'; }
absolute() { awk -v v="$1" 'BEGIN { printf "%.3f", (v < 0) ? -v : v }'; }
cpu_model=$(awk -F': ' '/model name/ {print $2; exit}' /proc/cpuinfo)

# The CI run's section is bench/ci_time.sh's, and stays.
ci_section=$(sed -n '/^## \(Soak\|CI run\)/,$p' docs/benchmarks.md 2>/dev/null || true)
cat > docs/benchmarks.md <<MD
# Benchmarks

Written by \`make bench\` (\`bench/run.sh\`) on $(date -u +%Y-%m-%d): $(nproc) cores of
${cpu_model:-an unknown CPU}, $(awk '/MemTotal/ {printf "%.0f GiB", $2 / 1048576}' /proc/meminfo),
Linux $(uname -r), release build (\`-O3\`), otherwise idle.

| what | figure | target | met |
|---|---|---|---|
| cue lateness, median, 1x (${events1} events over 60 s) | ${median1} ms | ≤ 0.5 ms | $(verdict "$median1" 0.5) |
| cue lateness, worst, 1x | ${worst1} ms | ≤ 5 ms | $(verdict "$worst1" 5) |
| end of session against plan, 1x | ${end1} ms | within 5 ms | $(verdict "$(absolute "$end1")" 5) |
| cue lateness, median, --speed 10 | ${median10} ms | ≤ 0.5 ms | $(verdict "$median10" 0.5) |
| cue lateness, worst, --speed 10 | ${worst10} ms | ≤ 5 ms | $(verdict "$worst10" 5) |
| end of session against plan, --speed 10 | ${end10} ms | within 5 ms | $(verdict "$(absolute "$end10")" 5) |
| idle CPU, text lines to a pipe | ${text_cpu} % of a core, ${text_wakeups} wake-ups/s | ≤ 0.1 % | $(verdict "$text_cpu" 0.1) |
| idle CPU, live view in tmux | ${live_cpu} % of a core, ${live_wakeups} wake-ups/s | ≤ 0.5 % | $(verdict "$live_cpu" 0.5) |
| \`stretch list\`, median wall | ${list_ms} ms | ≤ 5 ms | $(verdict "$list_ms" 5) |
| \`stretch show lower-back\`, median wall | ${show_ms} ms | ≤ 5 ms | $(verdict "$show_ms" 5) |
| \`stretch --version\`, median wall | ${version_ms} ms | ≤ 3 ms | $(verdict "$version_ms" 3) |
| \`stretch status\` with a reminder running, median wall | ${status_ms} ms (${status_rss} KiB) | ≤ 5 ms | $(verdict "$status_ms" 5) |
| over \`/bin/true\` (${true_ms} ms), same run: \`status\` | +${status_over} ms | ≤ 1 ms | $(verdict "$status_over" 1) |
| over \`/bin/true\`, same run: \`list\` | +${list_over} ms | ≤ 1 ms | $(verdict "$list_over" 1) |
| over \`/bin/true\`, same run: \`--version\` | +${version_over} ms | ≤ 1 ms | $(verdict "$version_over" 1) |
| over \`/bin/true\`, same run: the stack's floor (\`bench/stack_floor.cpp\`) | +${stack_over} ms | | |
| over the stack's floor, same run: \`status\` / \`list\` / \`--version\` | +${status_over_stack} / +${list_over_stack} / +${version_over_stack} ms | | |
| peak RSS: list / show / --version | ${list_rss} / ${show_rss} / ${version_rss} KiB | ≤ 8 MB | $(verdict "$list_rss" 8192) |
| \`stretch stats\` over $(shared sessions) sessions on three machines, median wall | $(shared stats) ms | ≤ 50 ms | $(verdict "$(shared stats)" 50) |
| \`stretch history\` over the same | $(shared history) ms | ≤ 50 ms | $(verdict "$(shared history)" 50) |
| \`stretch status\` without / with them shared, median wall | ${status_without_history} / ${status_with_history} ms | the same: status reads no history | |
| load and validate a 1 MiB routine, a value a line | ${load_ms} ms | ≤ 50 ms | $(verdict "$load_ms" 50) |
| load and validate a 1 MiB routine on one line | ${load_one_line_ms} ms | ≤ 50 ms | $(verdict "$load_one_line_ms" 50) |
$(shape_row small_values "small values (\`[0,0,…]\`)")
$(shape_row deep_nesting "arrays nested 30 deep")
$(shape_row long_keys_over_values "small values under 30 levels of 1,000-character keys")
$(shape_row long_strings "10,000-character strings")
$(shape_row long_string "one string")
$(shape_row many_keys "keys of one object")
$(shape_row unknown_keys "unknown keys, each a problem")
| one full busy check, warm: every source, 300 processes × 50 descriptors, 1,000 events | $(busy check) ms | ≤ 20 ms | $(verdict "$(busy check)" 20) |
| the same, the first: the calendar parsed | $(busy first) ms | | |
| busy check by source: camera / microphone / do-not-disturb / calendar / busy command | $(busy camera) / $(busy microphone) / $(busy do_not_disturb) / $(busy calendar) / $(busy command) ms | | |
| plan + dry run, 1,000 phases | $(scale 1000) ms | | |
| plan + dry run, 10,000 phases | $(scale 10000) ms | ≤ 100 ms | $(verdict "$(scale 10000)" 100) |
| plan + dry run, 100,000 phases | $(scale 100000) ms | linear | |

How each figure is measured:

- **Cue lateness** (\`bench/cue_timing.cpp\`): starts \`stretch start
  bench/many-phases.json --format json\` on the real clock, timestamps every line
  when it arrives on the pipe, and subtracts the plan offset \`t\` (divided by the
  speed) from its arrival, counted from the first line's arrival. The routine is
  a minute of 1 to 2 s phases with half-second cues.
- **Idle cost** (\`bench/idle_cost.sh\`): user plus system CPU time of the
  process from \`/proc/PID/stat\` over 60 s of a session, divided by the wall
  time; wake-ups are its voluntary context switches per second.
- **Start-up**: \`hyperfine -N\`, 100 runs after 10 warm-up runs, median;
  peak RSS from \`/usr/bin/time -f %M\`. \`stretch status\` is measured with a
  \`stretch remind\` running in a runtime directory of the benchmark's own.
  The rows "over \`/bin/true\`" come from one more hyperfine run of 300 each
  that also times \`/bin/true\`: what stretch costs beyond starting any
  process at all. The same run times \`bench/stack_floor.cpp\`, built as
  stretch is: the locale, the message catalog and a one-command CLI11
  command line, which every stretch command needs before its own work. What
  stretch adds over that floor is the part its own code can change.
- **Shared history** (\`bench/shared_history.sh\`): ten years of sessions
  on each of three machines, 10,000 a machine, written by
  \`bench/make_history.py\` as stretch writes them (an id, the machine, two
  to four stretches each) into a shared folder, about 12 MB in all; the
  median of 30 runs of \`stretch stats\` and \`stretch history\` (the table
  of the last 20, after reading and merging every file), and of 200 runs of
  \`stretch status\` through \`env\` with \`history.shared_dir\` unset and set.
- **Busy check** (\`bench/busy_check.cpp\`): median of 21 checks by every
  busy source at once, as a reminder makes one when a reminder is due: a
  made-up proc tree on a tmpfs (\`/dev/shm\`, as \`/proc\` is in memory) of 300
  processes with 50 descriptors each, none a camera, so every one is read;
  a sound server and a session bus that are not there; a calendar of 800
  weekly events with exceptions in Europe/Berlin and 200 single ones; the
  busy command \`true\`. "The first" is the check that parses the calendar;
  the ones after it reuse it and its next hours of occurrences.
- **Scale** (\`bench/scale.cpp\`): median of 5 runs of \`plan()\` plus a whole
  session on the virtual clock, for routines built in memory (the file format
  allows at most 50 stretches, so 10,000 phases exist only there), and of
  \`parse_routine\` on a generated routine of just under 1 MiB with as many values
  as the format allows: once with every value on a line of its own, once all
  on one line as \`jq -c\` writes it. The shapes are routines whose
  \`\$comment\` (or top object, for unknown keys) holds as many of one kind
  of value as fit in 1 MiB, written by nlohmann_json on one line and
  indented; each is timed in the process, as the rows above are. A whole
  \`stretch validate\` process adds the cost of the memory the document
  takes: for the worst shapes 30–40 MB, which on a virtual machine that
  takes 4 ms to fault in each MB is most of the time.
MD
if [ -n "$ci_section" ]; then
  printf '\n%s\n' "$ci_section" >>docs/benchmarks.md
fi
cat docs/benchmarks.md
