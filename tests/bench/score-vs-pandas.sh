#!/usr/bin/env bash
# Times `arena score --json` against pandas + scikit-learn on a generated AUC competition, checks that both give the
# same scores, and prints a table. See tests/bench/README.md.
#
# Usage (from the repo root): bash tests/bench/score-vs-pandas.sh [ROWS] [--naive]
#   ROWS     solution rows, default 10000000
#   --naive  also time the naive pandas pipeline (inferred dtypes + merge), about 30 s a run at 10M rows
set -euo pipefail
shopt -s inherit_errexit
cd "$(dirname "$0")/../.."

ROWS=10000000
NAIVE=0
for arg in "$@"; do
    case $arg in
        --naive) NAIVE=1 ;;
        *[!0-9]* | '') echo "usage: bash tests/bench/score-vs-pandas.sh [ROWS] [--naive]" >&2; exit 2 ;;
        *) ROWS=$arg ;;
    esac
done

RUNS=3                       # each pipeline runs this often; the table shows the median wall time
OUT=tests/bench/out          # gitignored
PY=/usr/bin/python3          # Debian's Python, which python3-pandas and python3-sklearn install into
TIME=/usr/bin/time

# --- tools -------------------------------------------------------------------------------------------------------
missing=()
for package in python3-pandas python3-sklearn time; do
    dpkg -s "$package" 2>/dev/null | grep -q '^Status: install ok installed' || missing+=("$package")
done
if ((${#missing[@]})); then
    echo "installing ${missing[*]}"
    sudo=""; [[ $(id -u) == 0 ]] || sudo=sudo
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

# --- data --------------------------------------------------------------------------------------------------------
# DIR/rows holds the row count of the files beside it; it is written last, so an interrupted run regenerates.
make_data() {
    local dir=$1; shift
    if [[ -f $dir/rows && $(<"$dir/rows") == "$ROWS" && -f $dir/solution.csv && -f $dir/submission.csv ]]; then
        echo "reusing $dir ($ROWS rows)"
        return
    fi
    echo "generating $dir ($ROWS rows $*)"
    rm -f "$dir/rows"
    "$PY" tests/bench/make_data.py "$ROWS" "$dir" "$@"
    echo "$ROWS" >"$dir/rows"
}
make_data "$OUT/int"
make_data "$OUT/str" --string-ids

# --- builds ------------------------------------------------------------------------------------------------------
echo "publishing arena (Release, ReadyToRun) to $OUT/arena"
# ReadyToRun: a one-shot command spends a large share of a few seconds in the JIT otherwise.
dotnet publish src/Arena.Cli -c Release -r linux-x64 --self-contained false -p:PublishReadyToRun=true -o "$OUT/arena" -nologo -v quiet >"$OUT/publish.log" 2>&1 \
    || { cat "$OUT/publish.log"; exit 1; }
ARENA=$OUT/arena/arena
echo "building tests/Arena.Benchmarks (Release)"
dotnet build tests/Arena.Benchmarks -c Release -nologo -v quiet >"$OUT/bench-build.log" 2>&1 \
    || { cat "$OUT/bench-build.log"; exit 1; }

# --- pipelines ---------------------------------------------------------------------------------------------------
# name|command; stdout of each run goes to $OUT/results/NAME.json, "wall-s peak-KB" lines to NAME.times.
pipelines=(
    "arena-int|$ARENA score --solution $OUT/int/solution.csv --submission $OUT/int/submission.csv --metric auc --json"
    "arena-str|$ARENA score --solution $OUT/str/solution.csv --submission $OUT/str/submission.csv --metric auc --json"
    "pandas-int|$PY tests/bench/pandas_score.py $OUT/int/solution.csv $OUT/int/submission.csv"
    "pandas-str|$PY tests/bench/pandas_score.py $OUT/str/solution.csv $OUT/str/submission.csv --string-ids"
)
if ((NAIVE)); then
    pipelines+=("naive-int|$PY tests/bench/pandas_score.py $OUT/int/solution.csv $OUT/int/submission.csv --naive")
fi

declare -A label=(
    [arena-int]="arena score, integer ids"
    [arena-str]="arena score, string ids"
    [pandas-int]="pandas tuned, integer ids"
    [pandas-str]="pandas tuned, string ids"
    [naive-int]="pandas naive (merge), integer ids"
)

rm -rf "$OUT/results"
mkdir -p "$OUT/results"
# Rounds interleave the pipelines, so a burst of load from elsewhere on the machine spreads over all of them.
for ((round = 1; round <= RUNS; round++)); do
    for entry in "${pipelines[@]}"; do
        name=${entry%%|*}
        command=${entry#*|}
        # shellcheck disable=SC2086  # the command is split into words on purpose
        if ! $TIME -f '%e %M' -o "$OUT/results/$name.time" $command >"$OUT/results/$name.json" 2>"$OUT/results/$name.err"; then
            echo "FAILED: $name ($command)" >&2
            cat "$OUT/results/$name.err" >&2
            exit 1
        fi
        cat "$OUT/results/$name.time" >>"$OUT/results/$name.times"
        read -r wall peak_kb <"$OUT/results/$name.time"
        printf 'round %d  %-36s %s s, %s KB\n' "$round" "${label[$name]}" "$wall" "$peak_kb"
    done
done

median_s() { cut -d' ' -f1 "$OUT/results/$1.times" | sort -g | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }
peak_mb() { cut -d' ' -f2 "$OUT/results/$1.times" | sort -g | tail -1 | awk '{ printf "%.0f", $1 / 1024 }'; }

# --- agreement ---------------------------------------------------------------------------------------------------
# Every pipeline on the same ids must give the public and private AUC of arena to 1e-9.
"$PY" - "$OUT/results" <<'EOF'
import json, os, sys
folder = sys.argv[1]
load = lambda name: json.load(open(os.path.join(folder, name + ".json")))
bad = False
for ids in ("int", "str"):
    arena = load("arena-" + ids)
    for other in ("pandas-" + ids, "naive-" + ids):
        if not os.path.exists(os.path.join(folder, other + ".json")):
            continue
        theirs = load(other)
        for part in ("public", "private"):
            a, b = arena[part], theirs[part]
            ok = a is not None and b is not None and abs(a - b) <= 1e-9
            bad |= not ok
            print(f"{'ok      ' if ok else 'MISMATCH'} {part:7} arena-{ids} {a!r:22} {other} {b!r}")
if bad:
    sys.exit("score-vs-pandas: arena and pandas disagree by more than 1e-9")
EOF

# --- cached solution ---------------------------------------------------------------------------------------------
# What a server pays per submission once the competition's solution is parsed and kept in memory.
cached() {
    local dir=$1
    dotnet run -c Release --no-build --project tests/Arena.Benchmarks -- cached "$dir/solution.csv" "$dir/submission.csv" \
        | tee "$OUT/results/cached-$(basename "$dir").log" | sed 's/^/    /' >&2
    tail -1 "$OUT/results/cached-$(basename "$dir").log" | awk '$1 == "cached-median-ms" { print $2 }'
}
echo "cached solution, integer ids:" >&2
cached_int=$(cached "$OUT/int")
echo "cached solution, string ids:" >&2
cached_str=$(cached "$OUT/str")
load_ms() { awk '$1 == "solution-load-ms" { print $2 }' "$OUT/results/cached-$1.log"; }

# --- report ------------------------------------------------------------------------------------------------------
echo
echo "machine: $(nproc) cores, $(grep -m1 '^model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//'), $(free -g | awk '/^Mem:/ { print $2 }') GB RAM (free -g total)"
echo "date:    $(date -u '+%Y-%m-%d %H:%M UTC'), $ROWS rows, median of $RUNS runs"
echo "code:    $(git describe --always --dirty 2>/dev/null || echo unknown), .NET SDK $(dotnet --version), $("$PY" -c 'import pandas, sklearn; print(f"pandas {pandas.__version__}, scikit-learn {sklearn.__version__}")')"
echo
printf '| %-36s | %13s | %8s | %19s |\n' "pipeline" "median wall s" "peak MB" "pandas tuned / this"
printf '|%s|%s|%s|%s|\n' "--------------------------------------" "--------------:" "---------:" "--------------------:"
for entry in "${pipelines[@]}"; do
    name=${entry%%|*}
    baseline=$(median_s "pandas-${name#*-}")
    printf '| %-36s | %13s | %8s | %19s |\n' "${label[$name]}" "$(median_s "$name")" "$(peak_mb "$name")" \
        "$(awk -v p="$baseline" -v t="$(median_s "$name")" 'BEGIN { printf "%.2fx", p / t }')"
done
echo
echo "arena string ids / integer ids (wall time): $(awk -v s="$(median_s arena-str)" -v i="$(median_s arena-int)" 'BEGIN { printf "%.2f", s / i }')"
[[ $cached_int && $cached_str ]] || { echo "score-vs-pandas: no cached-median-ms line" >&2; exit 1; }
echo "cached solution, per submission (read + score, median of 5): integer ids ${cached_int} ms, string ids ${cached_str} ms"
echo "  (solution parsed once beforehand in $(load_ms int) ms / $(load_ms str) ms)"
