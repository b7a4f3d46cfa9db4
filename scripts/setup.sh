#!/usr/bin/env bash
# Installs what is missing, one place per tool; does nothing for what is already there.
#
#   scripts/setup.sh            what building and running need: the wasm32 target,
#                               wasm-bindgen-cli pinned to the crate's version, the npm dev
#                               dependencies (wasm-opt, workerd, wrangler, Segment's packages)
#   scripts/setup.sh --browser  also Chromium and chromedriver, for the browser tests only
#   scripts/setup.sh --worker   only worker/'s npm dependencies (wrangler, and the package
#                               linked from pkg/, so pkg/ must be built: scripts/build.sh
#                               runs this after building it)
#
# No root needed except for Chromium, which comes from apt (Debian). Where apt-get cannot
# run (not root, no passwordless sudo, not Debian) it says what to install and goes on:
# the browser tests are then skipped with that message, except in CI ($CI set), where a
# missing browser fails here.
set -euo pipefail
cd "$(dirname "$0")/.."

browser=0
worker=0
for arg in "$@"; do
  case $arg in
    --browser) browser=1 ;;
    --worker) worker=1 ;;
    *) echo "usage: scripts/setup.sh [--browser | --worker]" >&2; exit 2 ;;
  esac
done

require() { # command, how to get it
  command -v "$1" >/dev/null || { echo "setup.sh: '$1' is missing: $2" >&2; exit 1; }
}

node_and_npm() {
  require node "install Node.js ^20.19 or >= 22.12 (https://nodejs.org)"
  require npm "it comes with Node.js"
  # wrangler and workerd need >= 20.3; the package's require() needs 20.19 (require(esm)).
  node -e 'const [a, b] = process.versions.node.split(".").map(Number); process.exit(a > 20 || (a === 20 && b >= 19) ? 0 : 1)' \
    || echo "setup.sh: Node $(node --version) is older than 20.19; some tests will fail (use Node ^20.19 or >= 22.12)" >&2
}

wasm32_target() {
  require cargo "install Rust with rustup (https://rustup.rs)"
  if command -v rustup >/dev/null; then
    rustup target list --installed | grep -qx wasm32-unknown-unknown || rustup target add wasm32-unknown-unknown
  elif [ ! -d "$(rustc --print sysroot)/lib/rustlib/wasm32-unknown-unknown" ]; then
    echo "setup.sh: this Rust has no wasm32-unknown-unknown target and there is no rustup to add it: install Rust with rustup (https://rustup.rs)" >&2
    exit 1
  fi
}

wasm_bindgen_cli() {
  # wasm-bindgen-cli must equal the wasm-bindgen crate version in Cargo.lock.
  [ -f Cargo.lock ] || cargo generate-lockfile
  local version
  version=$(awk '$0=="name = \"wasm-bindgen\"" {getline; gsub(/version = |"/, ""); print; exit}' Cargo.lock)
  if [ "$(wasm-bindgen --version 2>/dev/null)" != "wasm-bindgen $version" ]; then
    echo "installing wasm-bindgen-cli $version (once: a compile of 3 to 15 minutes)"
    # No --locked: its lockfile pins a crate version the registry here does not serve.
    cargo install wasm-bindgen-cli --version "$version"
  fi
}

npm_dependencies() { # folder
  # Reinstalled only when package-lock.json's content changed (a stamp of its hash), not
  # its mtime: a fresh checkout must not wipe an install that is already right.
  local lock_hash
  lock_hash=$(node -e 'process.stdout.write(require("crypto").createHash("sha256").update(require("fs").readFileSync(process.argv[1])).digest("hex"))' "$1/package-lock.json")
  if [ "$(cat "$1/node_modules/.lock-hash" 2>/dev/null)" != "$lock_hash" ]; then
    (cd "$1" && npm ci --no-audit --no-fund --loglevel=error)
    echo "$lock_hash" > "$1/node_modules/.lock-hash"
  fi
}

worker_dependencies() {
  # worker/ is a project of its own that depends on the package by name: npm links
  # worker/node_modules/loops-destination to ../pkg (file:../pkg), so pkg/ must exist.
  [ -f pkg/package.json ] || { echo "setup.sh: pkg/ is not built: run scripts/build.sh (it installs worker/'s dependencies too)" >&2; exit 1; }
  npm_dependencies worker
}

# bash's `command -v` also names files that are not executable: check.
on_path() { local p; for name in "$@"; do p=$(command -v "$name") && [ -f "$p" ] && [ -x "$p" ] && echo "$p" && return; done; true; }
# The names tests/common/browser.mjs looks for too; $CHROMIUM / $CHROMEDRIVER win.
find_chromium() { [ -n "${CHROMIUM:-}" ] && echo "$CHROMIUM" && return; on_path chromium chromium-browser google-chrome; }
find_chromedriver() { [ -n "${CHROMEDRIVER:-}" ] && echo "$CHROMEDRIVER" && return; on_path chromedriver; }

chromium_and_driver() {
  [ -n "$(find_chromium)" ] && [ -n "$(find_chromedriver)" ] && return 0
  local apt=()
  if [ "$(id -u)" = 0 ]; then apt=(apt-get)
  elif command -v sudo >/dev/null && sudo -n true 2>/dev/null; then apt=(sudo -n apt-get)
  fi
  if [ ${#apt[@]} -gt 0 ] && command -v apt-get >/dev/null; then
    echo "installing chromium and chromium-driver (apt, once)"
    export DEBIAN_FRONTEND=noninteractive
    "${apt[@]}" update -qq
    "${apt[@]}" install -y -qq --no-install-recommends chromium chromium-driver >/dev/null
    return 0
  fi
  cat >&2 <<'EOF'
setup.sh: no Chromium and chromedriver for the browser tests, and apt-get cannot run here
  (it needs root or passwordless sudo, on Debian). Install them, then run the tests again:
    Debian/Ubuntu: sudo apt-get install chromium chromium-driver
    macOS:         brew install --cask chromium && brew install chromedriver
  or point CHROMIUM and CHROMEDRIVER at the binaries.
EOF
  if [ -n "${CI:-}" ]; then
    echo "setup.sh: CI is set, so the browser tests must run: stopping" >&2
    exit 1
  fi
  echo "setup.sh: going on without a browser; the browser tests will be skipped" >&2
}

node_and_npm
if [ "$worker" = 1 ]; then worker_dependencies; exit 0; fi
wasm32_target
wasm_bindgen_cli
npm_dependencies .
if [ "$browser" = 1 ]; then chromium_and_driver; fi
