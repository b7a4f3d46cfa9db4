#!/usr/bin/env bash
# Builds the npm package into pkg/: the release .wasm, wasm-bindgen's web glue, the
# thin entry files, their README, LICENSE and pkg.json as pkg/package.json. Installs what
# it needs first (scripts/setup.sh: no browser, no root), and after the build worker/'s
# dependencies, which link the package from pkg/ (scripts/setup.sh --worker).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh

cargo build --release --target wasm32-unknown-unknown --quiet
rm -rf pkg && mkdir -p pkg/web
# wasm-bindgen's i32-only ABI (scripts/wasm-abi.mjs says why), on a copy: cargo's own file
# stays as cargo wrote it.
abi=target/wasm-abi/loops_destination.wasm
mkdir -p target/wasm-abi
node scripts/wasm-abi.mjs target/wasm32-unknown-unknown/release/loops_destination.wasm "$abi"
# Names and producers sections only weigh; strip = true would drop target_features.
wasm-bindgen --target web --remove-name-section --remove-producers-section --out-dir pkg/web "$abi"
if grep -q 'externref' pkg/web/loops_destination.js; then
  echo "build.sh: wasm-bindgen still chose the externref ABI (see scripts/wasm-abi.mjs)" >&2; exit 1
fi
# Two changes to wasm-bindgen's glue, each checked (scripts/glue.mjs says why).
node scripts/glue.mjs pkg/web/loops_destination.js
# npm binaryen: Debian's wasm-opt 108 corrupts wasm-bindgen output.
node_modules/.bin/wasm-opt -O3 --enable-bulk-memory --enable-nontrapping-float-to-int \
  --enable-sign-ext --enable-mutable-globals --enable-reference-types --enable-multivalue \
  pkg/web/loops_destination_bg.wasm -o pkg/web/loops_destination_bg.wasm
cp src/js/*.js src/js/*.d.ts pkg/
cp src/js/README.md LICENSE pkg/
cp pkg.json pkg/package.json
raw=$(wc -c < pkg/web/loops_destination_bg.wasm)
gz=$(gzip -9 -c pkg/web/loops_destination_bg.wasm | wc -c)
echo "pkg/ built: loops_destination_bg.wasm $raw bytes, $gz gzipped"
scripts/setup.sh --worker
