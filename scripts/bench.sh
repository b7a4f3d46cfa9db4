#!/usr/bin/env bash
# Benchmarks (not tests): ours against Segment's code, side by side in one run.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
scripts/build.sh
node benches/mapping.mjs
