// Measures the live log panel in Debian's Chromium against the scripted fake back end:
//  1. frame times while 2,000 lines/s stream into the open panel (following the end);
//  2. JS heap and DOM size once a 1,000,000-line log is loaded (finished run, REST pages);
//  3. the same after 1,000,000 lines streamed live over the event stream.
// Run: npm run bench (after `npm run build` in ../frontend). Prints Markdown.
import { execSync } from 'node:child_process'
import { launch } from '../lib/browser.mjs'
import { sleep, until } from '../lib/wait.mjs'
import * as data from '../fake/data.mjs'
import { startFakeServer } from '../fake/fake-server.mjs'
import { lineCount, measuredPage, stats } from './measure.mjs'

const RATE = Number(process.env.RATE ?? 2000)
const SECONDS = Number(process.env.SECONDS ?? 10)
const server = await startFakeServer({ workerRate: RATE, plannerRate: 0 })
const browser = await launch()
const { page, metrics, frameTimes, streaming } = await measuredPage(browser)

try {
  await page.goto(server.projectUrl)
  await page.getByText('Live', { exact: true }).waitFor()
  const base = await metrics()

  // 1. frame time while RATE lines/s stream in
  await page.getByRole('button', { name: 'View logs of s3' }).click()
  const live = page.getByRole('dialog', { name: /^s3/ })
  await live.getByText('Streaming').waitFor()
  await sleep(2000)
  const { frames: f, cpu, load: load0, streamed } = await streaming(live, SECONDS)

  // 3. the same run keeps streaming, faster, until 1,000,000 lines have arrived
  server.runs.get(data.RUN_WORKER).rate = 30_000
  const t0 = Date.now()
  await until(async () => (await lineCount(live)) >= 1_000_000, { timeout: 180_000, interval: 500, what: '1,000,000 live lines' })
  const liveSeconds = (Date.now() - t0) / 1000
  server.runs.get(data.RUN_WORKER).rate = 0
  await sleep(500)
  const liveMem = await metrics()
  const liveFrames = stats(await frameTimes(3000))
  await page.keyboard.press('Escape')
  await live.waitFor({ state: 'detached' })

  // 2. a finished run with 1,000,000 lines, loaded over REST
  await page.getByRole('button', { name: 'View logs of s6' }).click()
  const done = page.getByRole('dialog', { name: /^s6/ })
  const t1 = Date.now()
  await until(async () => (await lineCount(done)) >= 1_000_000, { timeout: 180_000, interval: 250, what: '1,000,000 REST lines' })
  const restSeconds = (Date.now() - t1) / 1000
  const restMem = await metrics()
  // scroll through the log while measuring
  const scrollFrames = stats(await frameTimes(3000, true))
  const version = execSync(`${process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'} --version`).toString().trim()
  const ms = (x) => x.toFixed(1)
  console.log(`# Live log panel: measured figures

Measured by \`e2e/bench/log-panel.mjs\` (\`npm run bench\` in \`e2e/\`) on ${new Date().toISOString().slice(0, 10)}: headless Debian Chromium
(${version}) driven by playwright-core, 1440×900, on a 2-core machine shared with other builds, against the scripted fake back end
(\`e2e/fake/\`, speaking the docs/events.md wire format; \`log-panel-real.mjs\` measures against the real jar). The panel keeps at
most 200,000 lines in memory (\`LogBuffer\`); line numbers stay exact and older lines are reported as not kept.

## Frame time while ${RATE.toLocaleString('en')} lines/s stream into the open panel (following the end)

| | value |
|---|---|
| lines received per second (measured) | ${Math.round(streamed).toLocaleString('en')} |
| frames in ${SECONDS} s | ${f.frames} (${f.fps.toFixed(1)} fps) |
| frame time mean / p50 / p95 / p99 / max | ${ms(f.mean)} / ${ms(f.p50)} / ${ms(f.p95)} / ${ms(f.p99)} / ${ms(f.max)} ms |
| frames over 33 ms | ${f.over33} |
| CPU used by all Chromium processes | ${(cpu * 100).toFixed(0)} % of one core |
| machine load average at the start (2 cores, shared) | ${load0} |

## Memory after 1,000,000 lines

| | JS heap (after GC) | DOM nodes |
|---|---|---|
| board open, no panel | ${ms(base.heapMB)} MB | ${base.nodes} |
| 1,000,000 lines streamed live into the open panel (${liveSeconds.toFixed(0)} s the server writing up to 30,000 lines/s) | ${ms(liveMem.heapMB)} MB | ${liveMem.nodes} |
| finished run of 1,000,000 lines reopened over REST (${restSeconds.toFixed(1)} s; the panel reads the last 200,000 it keeps) | ${ms(restMem.heapMB)} MB | ${restMem.nodes} |

Frame time after the live million (idle, 3 s): mean ${ms(liveFrames.mean)} ms, p99 ${ms(liveFrames.p99)} ms.
Scrolling the million-line log by 5,000 px every frame (3 s): mean ${ms(scrollFrames.mean)} ms, p95 ${ms(scrollFrames.p95)} ms,
p99 ${ms(scrollFrames.p99)} ms, max ${ms(scrollFrames.max)} ms.
`)
} catch (e) {
  await page.screenshot({ path: 'artifacts/bench-failure.png' }).catch(() => {})
  throw e
} finally {
  await browser.close()
  await server.close()
}
