// Where the browser tests find Chromium: $CHROMIUM, else chromium, chromium-browser or
// google-chrome on PATH (the names scripts/setup.sh looks for). Without one, browser tests
// are skipped with what to install; in CI ($CI set) they are not skipped, and fail saying so.
import { execFileSync } from 'node:child_process'

function onPath(name) {
  try {
    // `command -v` can name a file that is not executable: test -x as well.
    return execFileSync('sh', ['-c', `p=$(command -v ${name}) && test -f "$p" && test -x "$p" && echo "$p"`], { encoding: 'utf8' }).trim() || null
  } catch {
    return null
  }
}

/** The Chromium binary, or null. */
export const chromium = process.env.CHROMIUM || ['chromium', 'chromium-browser', 'google-chrome'].map(onPath).find(Boolean) || null

const missing = 'no Chromium found: install it (Debian: apt-get install chromium chromium-driver; macOS: brew install --cask chromium) or set CHROMIUM, as scripts/setup.sh --browser says'

/** `{ skip }` for node:test: the reason outside CI when there is no Chromium; false otherwise. */
export const skipWithoutBrowser = chromium || process.env.CI ? false : missing

/** The binary for playwright's `executablePath`; throws the install hint when there is none (CI). */
export function chromiumPath() {
  if (!chromium) throw new Error(missing)
  return chromium
}
