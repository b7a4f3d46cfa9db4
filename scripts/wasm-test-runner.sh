#!/usr/bin/env bash
# cargo's runner for wasm32 tests (.cargo/config.toml): wasm-bindgen-test-runner after the
# ABI fix that scripts/build.sh applies to the package (scripts/wasm-abi.mjs says why).
set -euo pipefail
node "$(dirname "$0")/wasm-abi.mjs" "$1"
exec wasm-bindgen-test-runner "$@"
