// Debian's Chromium driven by playwright-core; no browser download, nothing talks to the internet.
import { mkdtempSync, mkdirSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { chromium } from 'playwright-core'

export const artifacts = join(dirname(fileURLToPath(import.meta.url)), '..', 'artifacts')

export async function launch() {
  const executablePath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'
  const userDataDir = mkdtempSync(join(tmpdir(), 'iv-chromium-'))
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath,
    headless: true,
    viewport: { width: 1440, height: 900 },
    colorScheme: 'dark',
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      '--disable-quic',
    ],
  })
  return context
}

/** Every request the page makes, for "no polling while the stream is up". */
export function recordRequests(page) {
  const requests = []
  page.on('request', (r) => requests.push({ at: Date.now(), method: r.method(), url: new URL(r.url()).pathname + new URL(r.url()).search }))
  return requests
}

export async function screenshot(page, name) {
  const dir = process.env.SCREENSHOT_DIR ?? artifacts
  mkdirSync(dir, { recursive: true })
  await page.screenshot({ path: join(dir, `${name}.png`) })
}
