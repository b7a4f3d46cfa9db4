#!/usr/bin/env bash
# The main job. Today: build the package and map the sample events in www/samples with
# Segment's default Loops mappings. (Later: the local Worker, the Loops simulator and the playground.)
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
scripts/build.sh
node scripts/demo.mjs
