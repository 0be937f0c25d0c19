// What the log panel benches measure in the page: heap and DOM size, frame times, the panel's line count.
import { execSync } from 'node:child_process'
import { chromiumCpuSeconds } from '../lib/browser.mjs'

/**
 * A new page of `browser` with what the benches measure on it: `metrics()` (heap after GC, DOM
 * nodes), `frameTimes(ms, scroll)` and `streaming(panel, seconds)`: frame statistics, lines received
 * per second, Chromium's CPU share and the load average while a log streams into an open panel.
 */
export async function measuredPage(browser) {
  const page = await browser.newPage()
  const cdp = await browser.newCDPSession(page)
  await cdp.send('Performance.enable')
  const streaming = async (panel, seconds) => {
    const before = await lineCount(panel)
    const cpu0 = chromiumCpuSeconds(browser)
    const load = execSync('cat /proc/loadavg').toString().split(' ')[0]
    const deltas = await frameTimes(page, seconds * 1000)
    const cpu = (chromiumCpuSeconds(browser) - cpu0) / seconds
    const streamed = ((await lineCount(panel)) - before) / seconds
    return { frames: stats(deltas), cpu, load, streamed }
  }
  return { page, metrics: () => pageMetrics(cdp), frameTimes: (ms, scroll) => frameTimes(page, ms, scroll), streaming }
}

/** JS heap after a forced GC, and DOM nodes, through the page's DevTools session. */
async function pageMetrics(cdp) {
  await cdp.send('HeapProfiler.collectGarbage')
  const { metrics: m } = await cdp.send('Performance.getMetrics')
  const get = (name) => m.find((x) => x.name === name)?.value ?? 0
  return { heapMB: get('JSHeapUsedSize') / 2 ** 20, nodes: get('Nodes') }
}

/** The "N lines" counter of a log panel. */
export async function lineCount(panel) {
  return Number((await panel.getByText(/^[\d,]+ lines$/).innerText()).replace(/\D/g, ''))
}

/** Frame-time statistics of a list of frame deltas (ms). */
export function stats(deltas) {
  const s = [...deltas].sort((a, b) => a - b)
  const q = (p) => s[Math.min(s.length - 1, Math.floor(p * s.length))]
  const mean = deltas.reduce((a, b) => a + b, 0) / deltas.length
  return { frames: deltas.length, fps: 1000 / mean, mean, p50: q(0.5), p95: q(0.95), p99: q(0.99), max: s[s.length - 1], over33: deltas.filter((x) => x > 33.4).length }
}

/** Deltas between animation frames for `ms`; with `scroll`, the log is scrolled 5,000 px every frame. */
function frameTimes(page, ms, scroll = false) {
  return page.evaluate(
    ({ ms, scroll }) =>
      new Promise((resolve) => {
        const el = document.querySelector('[role="log"]')
        const deltas = []
        let last = performance.now()
        const end = last + ms
        const frame = (t) => {
          deltas.push(t - last)
          last = t
          if (scroll) el.scrollTop = (el.scrollTop + 5000) % el.scrollHeight
          if (t < end) requestAnimationFrame(frame)
          else resolve(deltas)
        }
        requestAnimationFrame(frame)
      }),
    { ms, scroll },
  )
}
