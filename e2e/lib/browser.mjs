// Debian's Chromium driven by playwright-core; no browser download, nothing talks to the internet.
import { createRequire } from 'node:module'
import { mkdtempSync, mkdirSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { chromium } from 'playwright-core'

const require = createRequire(import.meta.url)

export const artifacts = join(dirname(fileURLToPath(import.meta.url)), '..', 'artifacts')

/** `args`: extra Chromium switches, e.g. `--host-resolver-rules` to point a made-up name at 127.0.0.1. */
export async function launch({ args = [] } = {}) {
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
      ...args,
    ],
  })
  context.userDataDir = userDataDir
  return context
}

/** CPU seconds (user + system) used so far by every process of this Chromium (Linux /proc). */
export function chromiumCpuSeconds(context) {
  const { readdirSync, readFileSync } = require('node:fs')
  const procs = []
  for (const pid of readdirSync('/proc').filter((p) => /^\d+$/.test(p))) {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8')
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
      const cmd = readFileSync(`/proc/${pid}/cmdline`, 'utf8')
      procs.push({ pid: Number(pid), ppid: Number(fields[1]), ticks: Number(fields[11]) + Number(fields[12]), cmd })
    } catch {
      // gone meanwhile
    }
  }
  const roots = procs.filter((p) => p.cmd.includes(context.userDataDir) && !p.cmd.includes('--type='))
  const tree = new Set(roots.map((p) => p.pid))
  for (let grew = true; grew; ) {
    grew = false
    for (const p of procs) if (!tree.has(p.pid) && tree.has(p.ppid)) (tree.add(p.pid), (grew = true))
  }
  return procs.filter((p) => tree.has(p.pid)).reduce((s, p) => s + p.ticks, 0) / 100 // USER_HZ
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
