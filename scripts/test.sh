#!/usr/bin/env bash
# Every test: native Rust (fixtures recorded from Segment's code, property tests),
# the wasm package in Node, the differential tests against Segment's npm packages,
# and the Loops simulator with the official Loops SDK. The only command that installs a
# browser (scripts/setup.sh --browser); without one the browser tests are skipped, saying
# what to install, except in CI ($CI set), where they must run.
set -euo pipefail
cd "$(dirname "$0")/.."
start=$(date +%s)

scripts/setup.sh --browser
cargo test --quiet
scripts/build.sh

# The wasm face in Node, then in headless Chromium, sending to a simulator with CORS
# (the test page's origin differs). Its URL is compiled into the tests.
mkdir -p target
sim_out=target/wasm-sim.out
node loops-sim/server.mjs --port 0 --cors --config tests/sender/wasm-sim.json > "$sim_out" &
sim_pid=$!
trap 'kill $sim_pid 2>/dev/null || true' EXIT
for _ in $(seq 100); do grep -q 'listening on' "$sim_out" && break; sleep 0.1; done
kill -0 "$sim_pid" || { echo "the simulator for the wasm tests did not start"; exit 1; }
export LOOPS_SIM_URL; LOOPS_SIM_URL=$(sed -n 's/.*listening on //p' "$sim_out")
cargo test --target wasm32-unknown-unknown --test wasm_send
chromium=$(node -e 'import("./tests/common/browser.mjs").then((b) => process.stdout.write(b.chromium ?? ""))')
chromedriver=${CHROMEDRIVER:-$(p=$(command -v chromedriver) && [ -x "$p" ] && echo "$p" || true)}
skipped=""
if [ -n "$chromium" ] && [ -n "$chromedriver" ] || [ -n "${CI:-}" ]; then
  # tests/sender/webdriver.json with this machine's Chromium.
  node -e 'const f = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8")); f["goog:chromeOptions"].binary = process.argv[2]; process.stdout.write(JSON.stringify(f))' \
    tests/sender/webdriver.json "$chromium" > target/webdriver.json
  WASM_BINDGEN_USE_BROWSER=1 CHROMEDRIVER="$chromedriver" WASM_BINDGEN_TEST_WEBDRIVER_JSON="$PWD/target/webdriver.json" \
    cargo test --target wasm32-unknown-unknown --test wasm_send
else
  skipped=" (browser tests skipped: no Chromium or chromedriver, see scripts/setup.sh --browser)"
fi
kill "$sim_pid"; trap - EXIT
# Fixtures must still equal what Segment's code gives (they were recorded from it).
shopt -s nullglob
node tests/segment/record.mjs --check tests/fixtures/*/*.jsonl
node --test tests/

echo "all tests passed in $(( $(date +%s) - start )) s$skipped"
