// node scripts/glue.mjs GLUE.js: two changes to wasm-bindgen's generated JS glue, in place,
// each checked to apply exactly as written (a wasm-bindgen upgrade that changes the glue
// fails the build here instead of silently losing them).
import { readFileSync, writeFileSync } from 'node:fs'

const PATCHES = [
  {
    // V8 compiles one more wasm→JS wrapper at instantiation for each import whose JS arity
    // differs from its wasm signature. wasm-bindgen's `catch` imports are
    // `function() { return handleError(function (arg0, …) {…}, arguments) }`, arity 0: give
    // the outer function the same parameters (it still passes `arguments`). ~0.45 ms less
    // instantiation in Node 20.
    name: 'catch imports keep their arity',
    find: /: function\(\) \{ return handleError\(function \((arg[^)]*)\) \{/g,
    replace: ': function($1) { return handleError(function ($1) {',
    count: (n) => n > 0,
    left: /: function\(\) \{ return handleError\(function \(arg/
  },
  {
    // wasm-bindgen copies a string in by a JS loop over its characters while they are
    // ASCII, then reallocates to three bytes a character and encodes the rest: events
    // (a name with an accent is enough) paid a loop, a copy of the buffer and two
    // reallocations. One native `encodeInto` into a buffer large enough for any UTF-16
    // text, then one shrinking (in place) reallocation, is cheaper from a few dozen
    // characters on; short strings keep the loop, and so do texts over 1 Mi characters (an
    // ASCII batch from Segment needs one byte a character there, not three). The buffer is
    // the worst case on purpose: a one-byte-a-character buffer grown for what did not fit
    // took 5 % more instructions on a 4,000-event batch at the door (encodeInto is slower
    // when the text may not fit).
    name: 'long strings are encoded in one call',
    find: '    let len = arg.length;\n    let ptr = malloc(len, 1) >>> 0;\n',
    replace:
      '    let len = arg.length;\n' +
      '    if (len > 64 && len <= 1048576) {\n' +
      '        const cap = len * 3;\n' +
      '        let ptr = malloc(cap, 1) >>> 0;\n' +
      '        const { written } = cachedTextEncoder.encodeInto(arg, getUint8ArrayMemory0().subarray(ptr, ptr + cap));\n' +
      '        ptr = realloc(ptr, cap, written, 1) >>> 0;\n' +
      '        WASM_VECTOR_LEN = written;\n' +
      '        return ptr;\n' +
      '    }\n' +
      '    let ptr = malloc(len, 1) >>> 0;\n',
    count: (n) => n === 1
  }
]

const file = process.argv[2]
let glue = readFileSync(file, 'utf8')
for (const p of PATCHES) {
  // A string is found as written; a pattern (global) may use $1 in its replacement.
  const n = typeof p.find === 'string' ? glue.split(p.find).length - 1 : (glue.match(p.find) ?? []).length
  glue = glue.replaceAll(p.find, p.replace)
  if (!p.count(n) || (p.left && p.left.test(glue))) {
    console.error(`scripts/glue.mjs: "${p.name}" applied ${n} times to ${file} (wasm-bindgen's glue changed?)`)
    process.exit(1)
  }
}
writeFileSync(file, glue)
