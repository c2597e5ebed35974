#!/usr/bin/env bash
# Issue 8's labelling speed: the time from an answer key to the next digits image drawn, measured in Chromium by
# tests/Arena.Browser.Tests/HumanStudyTests (three members labelling at once against one local server, each looking
# at an image for 400 ms before answering), RUNS times.
# Target: 150 ms at p95. Usage: bash tests/bench/label-latency.sh [RUNS]
set -euo pipefail
cd "$(dirname "$0")/../.."
runs=${1:-3}
dotnet build tests/Arena.Browser.Tests -v q >/dev/null
out=tests/Arena.Browser.Tests/bin/Debug/net10.0/label-latency.txt
rm -f "$out"
for _ in $(seq "$runs"); do
  dotnet test --project tests/Arena.Browser.Tests --no-build -- --filter-class "*.HumanStudyTests" >/dev/null
done
cat "$out"
