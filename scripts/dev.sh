#!/usr/bin/env bash
# The main job: the Loops simulator (or real Loops when LOOPS_API_KEY is set), the
# Worker in workerd with its queues, and the playground, all on 127.0.0.1; prints the
# URLs and a signed curl example, posts the sample events. Ctrl-C stops everything.
# Options: see scripts/demo.mjs (WORKER_PORT, SIM_PORT, WWW_PORT, LOOPS_CONFIG=@file.json, …).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/build.sh   # installs what it needs first (no browser, no root)
exec node scripts/demo.mjs
