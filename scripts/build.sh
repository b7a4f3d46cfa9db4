#!/usr/bin/env bash
# Builds the npm package into pkg/: the release .wasm, wasm-bindgen's web glue, the
# thin entry files, their README, LICENSE and pkg.json as pkg/package.json. Installs what
# it needs first (scripts/setup.sh: no browser, no root), and after the build worker/'s
# dependencies, which link the package from pkg/ (scripts/setup.sh --worker).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh

cargo build --release --target wasm32-unknown-unknown --quiet
rm -rf pkg && mkdir -p pkg
# Names and producers sections only weigh; strip = true would drop target_features.
wasm-bindgen --target web --remove-name-section --remove-producers-section \
  --out-dir pkg/web target/wasm32-unknown-unknown/release/loops_destination.wasm
# V8 compiles one more wasm→JS wrapper at instantiation for each import whose JS arity
# differs from its wasm signature. wasm-bindgen's `catch` imports are
# `function() { return handleError(function (arg0, …) {…}, arguments) }`, arity 0: give
# the outer function the same parameters (it still passes `arguments`). ~0.45 ms less
# instantiate in Node 20.
glue=pkg/web/loops_destination.js
# (Not sed -i: BSD sed, on macOS, takes it differently.)
sed -E 's/: function\(\) \{ return handleError\(function \((arg[^)]*)\) \{/: function(\1) { return handleError(function (\1) {/' "$glue" > "$glue.tmp"
mv "$glue.tmp" "$glue"
if grep -qE ': function\(\) \{ return handleError\(function \(arg' "$glue"; then
  echo "build.sh: a catch import of $glue kept arity 0 (wasm-bindgen's glue changed?)" >&2; exit 1
fi
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
