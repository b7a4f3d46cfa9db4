// Keystroke to updated result, in the browser, with Segment's default mappings: each key
// is typed once the previous result is on screen; the page times it from the keydown
// event to the end of rendering. Prints p50 and p95; asserts nothing.
//   node tests/playground/latency.mjs [keystrokes per editor, default 60]
import { serveStatic, launch, open, rendered } from './harness.mjs'

const n = Number(process.argv[2]) || 60
const { server, url } = await serveStatic()
const browser = await launch()
const quantile = (xs, q) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(q * xs.length))]

/** Types `keys` into `selector` with the caret just after `after` (or at the end). */
async function measure(page, selector, keys, after) {
  await page.evaluate(() => window.playground.timings.splice(0))
  await page.focus(selector)
  await page.evaluate(([s, a]) => {
    const area = document.querySelector(s)
    const at = a ? area.value.indexOf(a) + a.length : area.value.length
    area.setSelectionRange(at, at)
  }, [selector, after])
  for (const key of keys) await rendered(page, () => page.keyboard.press(key))
  return page.evaluate(() => [...window.playground.timings])
}

try {
  const first = await open(browser.context, url)
  await first.evaluate(() => localStorage.clear())
  await first.close()
  const page = await open(browser.context, url)
  // Alternating a character and Backspace keeps the mapping and event at their defaults.
  const keys = Array.from({ length: n }, (_, i) => (i % 2 ? 'Backspace' : 'x'))
  const rows = {
    'mapping field (firstName path)': await measure(page, '#field-firstName', keys),
    'event JSON (inside a trait value)': await measure(page, '#event', keys, '"Adam'),
  }
  for (const [what, ms] of Object.entries(rows)) {
    console.log(`${what}: ${ms.length} keystrokes, p50 ${quantile(ms, 0.5).toFixed(1)} ms, p95 ${quantile(ms, 0.95).toFixed(1)} ms, max ${Math.max(...ms).toFixed(1)} ms`)
  }
} finally {
  await browser.close()
  server.close()
}
