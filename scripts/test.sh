#!/usr/bin/env bash
# Every test: native Rust (fixtures recorded from Segment's code, property tests),
# the wasm package in Node, the differential tests against Segment's npm packages,
# and the Loops simulator with the official Loops SDK.
set -euo pipefail
cd "$(dirname "$0")/.."
start=$(date +%s)

scripts/setup.sh
cargo test --quiet
scripts/build.sh
# Fixtures must still equal what Segment's code gives (they were recorded from it).
shopt -s nullglob
node tests/segment/record.mjs --check tests/fixtures/{mapping,liquid,subscription,payload}/*.jsonl
node tests/segment/record-loops.mjs --check tests/fixtures/loops/*.jsonl
node --test tests/

echo "all tests passed in $(( $(date +%s) - start )) s"
