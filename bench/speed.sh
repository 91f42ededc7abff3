#!/usr/bin/env bash
# speed.sh times `digestbot summarize --jsonl` against the JavaScript NLP
# baseline (bench/jsbaseline, npm compromise: entities and quotes only) on the
# 123 CNN/DailyMail dev articles, in one run, both pinned to the same core,
# and prints per-article time, the ratio and peak RSS. See docs/SPEED.md.
#
#   bench/speed.sh                 # 5 alternating runs of each
#   RUNS=9 SPEED_CPU=1 bench/speed.sh
#
# Environment:
#   RUNS               timed runs of each program (default 5), alternated so
#                      both share the machine's noise; one untimed warm-up each
#   SPEED_CPU          CPU both programs are pinned to with taskset (default 0)
#   DIGESTBOT_EVALDATA evaluation data dir (default ../shared/evaldata beside the repo)
#   DIGESTBOT_BIN      program to time instead of a fresh `go build` of
#                      ./cmd/digestbot (for trying the script with a stand-in)
#   DIGESTBOT_ARGS     its arguments (default "summarize --jsonl"; set to ""
#                      for a stand-in such as DIGESTBOT_BIN=cat)
#   SPEED_KEEP         if set, keep the temp dir (inputs, outputs, time logs)
#
# Needs go, node (>= 18), npm, taskset and GNU time at /usr/bin/time; GNU time
# is installed with apt-get when missing and the script runs as root.
set -euo pipefail

die() { printf 'speed.sh: %s\n' "$*" >&2; exit 1; }

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
runs=${RUNS:-5}
cpu=${SPEED_CPU:-0}
evaldata=${DIGESTBOT_EVALDATA:-$(dirname "$root")/shared/evaldata}
dataset="$evaldata/summarization/cnndm-dev.jsonl"
jsdir="$root/bench/jsbaseline"

[[ "$runs" =~ ^[1-9][0-9]*$ ]] || die "RUNS must be a positive integer, got '$runs'"
[[ -s "$dataset" ]] || die "evaluation data missing: $dataset not found or empty (set DIGESTBOT_EVALDATA to the evaldata folder)"
command -v node >/dev/null || die "node not found (Node.js >= 18 is needed for the compromise baseline)"
command -v taskset >/dev/null || die "taskset not found (package util-linux)"
if [[ ! -x /usr/bin/time ]]; then
	if [[ $(id -u) -eq 0 ]] && command -v apt-get >/dev/null; then
		echo "speed.sh: installing GNU time (apt-get install -y time)" >&2
		apt-get install -y time >/dev/null || { apt-get update >/dev/null && apt-get install -y time >/dev/null; } ||
			die "could not install GNU time"
	fi
	[[ -x /usr/bin/time ]] || die "GNU time not found at /usr/bin/time (apt-get install time)"
fi

tmp=$(mktemp -d "${TMPDIR:-/tmp}/digestbot-speed.XXXXXX")
if [[ -n "${SPEED_KEEP:-}" ]]; then
	echo "speed.sh: keeping $tmp" >&2
else
	trap 'rm -rf "$tmp"' EXIT
fi

# The program under test.
standin=""
if [[ -n "${DIGESTBOT_BIN:-}" ]]; then
	bin=$(command -v "$DIGESTBOT_BIN") || die "DIGESTBOT_BIN=$DIGESTBOT_BIN not found"
	standin="$DIGESTBOT_BIN"
else
	command -v go >/dev/null || die "go not found"
	echo "speed.sh: go build ./cmd/digestbot" >&2
	(cd "$root" && go build -o "$tmp/digestbot" ./cmd/digestbot) || die "go build ./cmd/digestbot failed"
	bin="$tmp/digestbot"
fi
read -r -a bin_args <<<"${DIGESTBOT_ARGS-summarize --jsonl}"

if [[ ! -d "$jsdir/node_modules/compromise" ]]; then
	echo "speed.sh: npm ci in bench/jsbaseline" >&2
	(cd "$jsdir" && npm ci --no-audit --no-fund >&2) || die "npm ci in bench/jsbaseline failed"
fi

# {"id","url","text","reference"} -> {"id","text"}; the text stays in $tmp.
node -e '
const fs = require("fs");
const out = [];
for (const line of fs.readFileSync(process.argv[1], "utf8").split("\n")) {
  if (!line.trim()) continue;
  const r = JSON.parse(line);
  if (typeof r.id !== "string" || typeof r.text !== "string") throw new Error("record without id/text");
  out.push(JSON.stringify({ id: r.id, text: r.text }));
}
fs.writeFileSync(process.argv[2], out.join("\n") + "\n");
' "$dataset" "$tmp/in.jsonl" || die "could not convert $dataset"
articles=$(wc -l <"$tmp/in.jsonl")

# check_output verifies the JSONL contract: one JSON object per input line,
# same order, id echoed. It prints the number of {"id","error"} lines.
check_output() {
	node -e '
const fs = require("fs");
const lines = (f) => fs.readFileSync(f, "utf8").split("\n").filter((l) => l.trim() !== "");
const want = lines(process.argv[1]).map((l) => JSON.parse(l).id);
const got = lines(process.argv[2]);
if (got.length !== want.length) { console.error(`${got.length} output lines for ${want.length} input lines`); process.exit(1); }
let errors = 0;
got.forEach((l, i) => {
  let o;
  try { o = JSON.parse(l); } catch (e) { console.error(`line ${i + 1} is not JSON: ${e.message}`); process.exit(1); }
  if (o.id !== want[i]) { console.error(`line ${i + 1}: id ${JSON.stringify(o.id)}, want ${JSON.stringify(want[i])}`); process.exit(1); }
  if (o.error !== undefined) errors++;
});
console.log(errors);
' "$tmp/in.jsonl" "$1"
}

# timed NAME RUN CMD... runs CMD pinned to $cpu under GNU time, stdin the
# articles, and appends "wall_s cpu_s rss_kb" to $tmp/NAME.stats.
timed() {
	local name=$1 run=$2
	shift 2
	local base="$tmp/$name.$run"
	if ! /usr/bin/time -v -o "$base.time" taskset -c "$cpu" "$@" <"$tmp/in.jsonl" >"$base.out" 2>"$base.err"; then
		tail -n 20 "$base.err" >&2
		die "$name failed (run $run): $*"
	fi
	awk -v run="$run" '
		/Elapsed \(wall clock\)/ { n = split($NF, p, ":"); wall = 0; for (i = 1; i <= n; i++) wall = wall * 60 + p[i] }
		/User time \(seconds\)/ { user = $NF }
		/System time \(seconds\)/ { sys = $NF }
		/Maximum resident set size/ { rss = $NF }
		END { if (run != "warmup") printf "%.3f %.3f %d\n", wall, user + sys, rss }
	' "$base.time" >>"$tmp/$name.stats"
}

cd "$jsdir"
load_before=$(cut -d' ' -f1-3 /proc/loadavg)
echo "speed.sh: $articles articles, $runs runs each on CPU $cpu (load average: $load_before)" >&2
for run in warmup $(seq 1 "$runs"); do
	timed digestbot "$run" "$bin" "${bin_args[@]}"
	errors=$(check_output "$tmp/digestbot.$run.out") || die "digestbot output breaks the JSONL contract (run $run)"
	timed compromise "$run" node baseline.mjs
	check_output "$tmp/compromise.$run.out" >/dev/null || die "baseline output breaks the JSONL contract (run $run)"
	# baseline.mjs's own timing of the NLP part alone, from its last stderr line.
	[[ $run == warmup ]] || tail -n 1 "$tmp/compromise.$run.err" |
		sed -n 's/.*nlp_total_ms=\([0-9.]*\).*nlp_median_ms=\([0-9.]*\).*/\1 \2/p' >>"$tmp/compromise.nlp"
	echo "speed.sh: run $run done" >&2
done
load_after=$(cut -d' ' -f1-3 /proc/loadavg)

# Medians over runs; peak RSS is the largest seen in any run.
median() { sort -n | awk '{ v[NR] = $1 } END { if (NR % 2) print v[(NR + 1) / 2]; else print (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
col() { awk -v c="$2" -v n="$articles" '{ print $c * 1000 / n }' "$1" | median; }
peak() { awk '{ if ($3 > m) m = $3 } END { printf "%.1f", m / 1024 }' "$1"; }

d_wall=$(printf '%.2f' "$(col "$tmp/digestbot.stats" 1)")
d_cpu=$(printf '%.2f' "$(col "$tmp/digestbot.stats" 2)")
d_rss=$(peak "$tmp/digestbot.stats")
c_wall=$(printf '%.2f' "$(col "$tmp/compromise.stats" 1)")
c_cpu=$(printf '%.2f' "$(col "$tmp/compromise.stats" 2)")
c_rss=$(peak "$tmp/compromise.stats")
c_nlp_mean=$(awk -v n="$articles" '{ print $1 / n }' "$tmp/compromise.nlp" | median)
c_nlp_median=$(awk '{ print $2 }' "$tmp/compromise.nlp" | median)

ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.1f", a / b; else print "inf" }'; }

label="digestbot"
[[ -n "$standin" ]] && label="STAND-IN $standin"
echo
echo "Speed on $articles CNN/DM dev articles, $runs runs each, pinned to CPU $cpu; medians over runs, peak RSS = max over runs"
echo "host: $(nproc) CPUs, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//'); $(go version 2>/dev/null | cut -d' ' -f3); node $(node --version); compromise $(node -p 'require("./node_modules/compromise/package.json").version')"
echo "load average (1/5/15 min) before: $load_before; after: $load_after"
echo
printf '%-34s %14s %14s %14s %10s\n' "program (whole process)" "wall ms/art" "cpu ms/art" "NLP-only ms/art" "peak RSS"
printf '%-34s %14.2f %14.2f %14s %7s MiB\n' "$label" "$d_wall" "$d_cpu" "-" "$d_rss"
printf '%-34s %14.2f %14.2f %14s %7s MiB\n' "compromise (entities+quotes)" "$c_wall" "$c_cpu" \
	"$(printf '%.2f/%.2f' "$c_nlp_mean" "$c_nlp_median")" "$c_rss"
echo "  (compromise NLP-only = mean/median per article of nlp() + people/places/organizations/quotations, timed inside node)"
echo
echo "ratio compromise/digestbot, whole process wall:  $(ratio "$c_wall" "$d_wall")x"
echo "ratio compromise/digestbot, whole process cpu:   $(ratio "$c_cpu" "$d_cpu")x"
echo "ratio compromise NLP-only mean / digestbot wall:  $(ratio "$c_nlp_mean" "$d_wall")x  (conservative: excludes node start-up and load)"
if [[ -n "$standin" ]]; then
	echo
	echo "NOTE: '$standin' is a stand-in, not digestbot: these figures are not a digestbot result."
else
	echo "digestbot {\"id\",\"error\"} lines in the last run: $errors of $articles"
	verdict() { if awk "BEGIN { exit !($2) }"; then echo "PASS  $1"; else echo "FAIL  $1"; fi; }
	echo
	# Wall time is the acceptance measure; CPU time is shown beside it because
	# on a shared machine waiting for the core inflates wall time.
	verdict "digestbot <= 10 ms per article, whole process wall: $d_wall" "$d_wall <= 10"
	verdict "digestbot <= 10 ms per article, whole process cpu:  $d_cpu" "$d_cpu <= 10"
	verdict "digestbot >= 5x faster per article than compromise, wall: $(ratio "$c_wall" "$d_wall")x" "$c_wall >= 5 * $d_wall"
	verdict "digestbot >= 5x faster per article than compromise, cpu:  $(ratio "$c_cpu" "$d_cpu")x" "$c_cpu >= 5 * $d_cpu"
	verdict "digestbot peak RSS < 150 MiB: $d_rss" "$d_rss < 150"
fi
