#!/usr/bin/env bash
# Installs what the project needs on a fresh machine; does nothing when it is all there.
set -euo pipefail
cd "$(dirname "$0")/.."

# Debian's Chromium and its driver: wasm-bindgen tests in a browser, packaging tests
# (playwright-core). Skipped when both are there.
if ! command -v chromium >/dev/null || ! command -v chromedriver >/dev/null; then
  echo "installing chromium and chromium-driver (apt, once)"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends chromium chromium-driver >/dev/null
fi

rustup target add wasm32-unknown-unknown >/dev/null 2>&1 || rustup target add wasm32-unknown-unknown

# wasm-bindgen-cli must equal the wasm-bindgen crate version in Cargo.lock.
[ -f Cargo.lock ] || cargo generate-lockfile
wb_version=$(awk '$0=="name = \"wasm-bindgen\"" {getline; gsub(/version = |"/, ""); print; exit}' Cargo.lock)
if [ "$(wasm-bindgen --version 2>/dev/null)" != "wasm-bindgen $wb_version" ]; then
  echo "installing wasm-bindgen-cli $wb_version (about 3 minutes, once)"
  # No --locked: its lockfile pins a crate version the registry here does not serve.
  cargo install wasm-bindgen-cli --version "$wb_version"
fi

# npm dev dependencies (Segment's packages for differential tests, the Loops SDK, wasm-opt, …).
# Reinstalled only when package-lock.json's content changed (a stamp of its hash), not its
# mtime: a fresh checkout must not wipe an install that is already right.
lock_hash=$(sha256sum package-lock.json | cut -d' ' -f1)
if [ "$(cat node_modules/.lock-hash 2>/dev/null)" != "$lock_hash" ]; then
  npm ci --no-audit --no-fund --loglevel=error
  echo "$lock_hash" > node_modules/.lock-hash
fi

# Debian's Chromium, for the playground's browser tests (playwright-core drives it).
command -v chromium >/dev/null || (apt-get update -qq && apt-get install -y -qq --no-install-recommends chromium)
