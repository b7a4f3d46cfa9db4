#!/usr/bin/env bash
# Benchmarks (not tests): ours against Segment's code, side by side in one run. Prints the
# tables and writes BENCHMARKS.md with the machine it ran on. Takes about 3–5 minutes.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
scripts/build.sh
node benches/cases/generate.mjs
node benches/run.mjs
# The Worker in local workerd: fills section 4 of BENCHMARKS.md.
node benches/worker.mjs
# The door per event at 100 and 4,000 events, beside JS parse + stringify.
node benches/door.mjs
