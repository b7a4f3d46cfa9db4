#!/usr/bin/env bash
# Benchmarks (not tests): ours against Segment's code, side by side in one run. Prints the
# tables and writes BENCHMARKS.md with the machine it ran on. Takes about 3–5 minutes.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/build.sh
node benches/cases/generate.mjs
node benches/run.mjs
# The Worker in local workerd: fills section 4 of BENCHMARKS.md.
node benches/worker.mjs
