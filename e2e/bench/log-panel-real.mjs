// Measures the live log panel in Debian's Chromium against the real jar: a real planner agent process
// (the command runtime running bench/agent-lines.pl) prints through the executor into the run's log,
// and the panel follows it over the real event stream:
//  1. frame times while RATE lines/s stream into the open panel (following the end);
//  2. JS heap and DOM size once 1,000,000 lines have arrived live;
//  3. the same run, finished, reopened: its 1,000,000 lines loaded over REST pages.
// Run: npm run bench:real (after ./mvnw package built the jar with the UI). Prints Markdown.
import { execSync } from 'node:child_process'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { startApp } from '../lib/app.mjs'
import { launch } from '../lib/browser.mjs'
import { sleep, until } from '../lib/wait.mjs'
import { lineCount, measuredPage, stats } from './measure.mjs'

const RATE = Number(process.env.RATE ?? 2000)
const SECONDS = Number(process.env.SECONDS ?? 10)
const TOTAL = Number(process.env.TOTAL ?? 1_000_000)
const agent = join(dirname(fileURLToPath(import.meta.url)), 'agent-lines.pl')

const app = await startApp({
  env: {
    AGENT_RUNTIME: 'command',
    AGENT_COMMAND: `perl '${agent}'`,
    AGENT_MAX_RETRIES: '1',
    AGENT_RUN_TIMEOUT_S: '900',
    BENCH_RATE: String(RATE),
    BENCH_STEADY_S: String(SECONDS + 8),
    BENCH_TOTAL: String(TOTAL),
  },
})
const browser = await launch()
const { page, metrics, frameTimes, streaming } = await measuredPage(browser)

try {
  const project = (await app.api('/projects/demo', { method: 'POST' })).body
  await page.goto(`${app.url}/projects/${project.id}`)
  await page.getByText('Live', { exact: true }).waitFor({ timeout: 30_000 })
  const base = await metrics()
  const title = 'Print a long log'
  const task = (
    await app.api(`/projects/${project.id}/tasks`, {
      method: 'POST',
      body: JSON.stringify({ title, description: 'The bench agent prints lines and no plan.' }),
    })
  ).body
  const openLogs = async () => {
    await page.getByRole('button', { name: `View planner logs of ${title}` }).click()
    return page.getByRole('dialog', { name: /^Planner/ })
  }

  // 1. frame time while RATE lines/s stream in
  const live = await openLogs()
  await live.getByText('Streaming').waitFor({ timeout: 60_000 })
  await until(async () => (await lineCount(live)) > RATE, { what: 'the first second of lines' })
  await sleep(2000)
  const { frames: f, cpu, load: load0, streamed } = await streaming(live, SECONDS)

  // 2. the agent goes on, faster, until TOTAL lines have arrived live
  const t0 = Date.now()
  await until(async () => (await lineCount(live)) >= TOTAL, { timeout: 300_000, interval: 500, what: `${TOTAL} live lines` })
  const liveSeconds = (Date.now() - t0) / 1000
  await until(async () => (await app.api(`/tasks/${task.id}`)).body.status === 'PLANNING_FAILED', { timeout: 60_000, what: 'the run to end' })
  await sleep(500)
  const liveCount = await lineCount(live)
  const liveMem = await metrics()
  const liveFrames = stats(await frameTimes(3000))
  await page.keyboard.press('Escape')
  await live.waitFor({ state: 'detached' })

  // 3. the finished run reopened: its lines come over REST pages
  const t1 = Date.now()
  const done = await openLogs()
  await until(async () => (await lineCount(done)) >= liveCount, { timeout: 300_000, interval: 250, what: 'the finished log over REST' })
  const restSeconds = (Date.now() - t1) / 1000
  const restCount = await lineCount(done)
  const restMem = await metrics()
  const scrollFrames = stats(await frameTimes(3000, true))

  const version = execSync(`${process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'} --version`).toString().trim()
  const ms = (x) => x.toFixed(1)
  const n = (x) => Math.round(x).toLocaleString('en')
  console.log(`### Against the real jar (${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC)

Measured by \`e2e/bench/log-panel-real.mjs\` (\`npm run bench:real\` in \`e2e/\`): headless Debian Chromium
(${version}), 1440×900, the real jar (embedded H2) on the same 2 shared cores, a real planner agent
process (\`AGENT_RUNTIME=command\`, \`e2e/bench/agent-lines.pl\`) printing through the executor; the panel
follows the real event stream, then the finished run is reopened and loaded over REST.

| | value |
|---|---|
| lines received per second while measuring (agent printing ${n(RATE)}/s) | ${n(streamed)} |
| frames in ${SECONDS} s | ${f.frames} (${f.fps.toFixed(1)} fps) |
| frame time mean / p50 / p95 / p99 / max | ${ms(f.mean)} / ${ms(f.p50)} / ${ms(f.p95)} / ${ms(f.p99)} / ${ms(f.max)} ms |
| frames over 33 ms | ${f.over33} |
| CPU used by all Chromium processes | ${(cpu * 100).toFixed(0)} % of one core |
| machine load average at the start (2 cores, shared) | ${load0} |

| | JS heap (after GC) | DOM nodes |
|---|---|---|
| board open, no panel | ${ms(base.heapMB)} MB | ${base.nodes} |
| ${n(liveCount)} lines streamed live into the open panel (${liveSeconds.toFixed(0)} s after the window above, agent printing up to 30,000 lines/s) | ${ms(liveMem.heapMB)} MB | ${liveMem.nodes} |
| the finished run reopened: up to line ${n(restCount)} loaded over REST in ${restSeconds.toFixed(1)} s (the panel keeps the last 200,000) | ${ms(restMem.heapMB)} MB | ${restMem.nodes} |

Frame time after the live lines (idle, 3 s): mean ${ms(liveFrames.mean)} ms, p99 ${ms(liveFrames.p99)} ms.
Scrolling the reopened log by 5,000 px every frame (3 s): mean ${ms(scrollFrames.mean)} ms, p95 ${ms(scrollFrames.p95)} ms,
p99 ${ms(scrollFrames.p99)} ms, max ${ms(scrollFrames.max)} ms.
`)
} catch (e) {
  await page.screenshot({ path: 'artifacts/bench-real-failure.png' }).catch(() => {})
  throw e
} finally {
  await browser.close()
  await app.stop()
  app.cleanup()
}
