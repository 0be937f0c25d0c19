// Measures the board with 500 cards in Debian's Chromium against the real jar: one project, 50 tasks
// planned by real planner agents (the command runtime running bench/board-agent.sh, 10 subtasks each,
// with chains of dependencies), then
//  1. first render: navigation start → all 500 cards in the DOM and painted (RENDERS times);
//  2. event to paint: real status events (workers started, finishing, their work merged, dependents
//     unblocked) from their arrival in the page to the paint of the changed card;
//  3. frame times while a card is dragged within its column and while the board scrolls.
// Run: npm run bench:board (after ./mvnw package built the jar with the UI; APP_JAR=... measures
// another build). Prints Markdown; the raw figures go to artifacts/board-500/ (git ignores it).
import { execSync } from 'node:child_process'
import { mkdirSync, writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { findJar, startApp } from '../lib/app.mjs'
import { artifacts, launch } from '../lib/browser.mjs'
import { sleep, until } from '../lib/wait.mjs'
import { stats } from './measure.mjs'

const TASKS = Number(process.env.TASKS ?? 50)
const PER_TASK = 10
const CARDS = TASKS * PER_TASK
const RENDERS = Number(process.env.RENDERS ?? 7)
const EVENTS = Number(process.env.EVENTS ?? 300)
const LABEL = process.env.LABEL ?? 'run'
const PROFILE = process.env.PROFILE === '1'
const here = dirname(fileURLToPath(import.meta.url))
const out = join(artifacts, 'board-500')
mkdirSync(out, { recursive: true })
const stamp = new Date().toISOString().slice(0, 19).replace(/[:T]/g, '-')

const app = await startApp({
  env: {
    AGENT_RUNTIME: 'command',
    AGENT_COMMAND: `sh '${join(here, 'board-agent.sh')}'`,
    // the bench measures the browser; the sandbox's start-up per agent would only slow the seeding
    AGENT_SANDBOX: 'none',
    AGENT_MAX_RETRIES: '1',
  },
})
const browser = await launch()

/** In the page before the app: when all CARDS cards are painted, and each status event's arrival and paint. */
function pageProbe(cards) {
  const now = () => performance.now()
  const afterPaint = (fn) => requestAnimationFrame(() => { const ch = new MessageChannel(); ch.port1.onmessage = () => fn(now()); ch.port2.postMessage(0) })
  const bench = (window.__bench = { firstCard: null, allCards: null, allCardsPainted: null, recording: false, events: [], pending: [] })
  const CARD = 'article[data-subtask-id]'
  const cardOf = (id) => document.querySelector(`article[data-subtask-id="${id}"]`)

  // 1. first render
  const render = new MutationObserver(() => {
    const n = document.querySelectorAll(CARD).length
    if (n && bench.firstCard == null) bench.firstCard = now()
    if (n >= cards && bench.allCards == null) {
      bench.allCards = now()
      render.disconnect()
      afterPaint((t) => (bench.allCardsPainted = t))
    }
  })
  const observeWhenReady = () => {
    render.observe(document.body, { childList: true, subtree: true })
    paint.observe(document.body, { childList: true, subtree: true, attributes: true, attributeFilter: ['data-status'] })
  }

  // 2. event to paint: the card shows the event's status (a card moving column is a new element)
  const paint = new MutationObserver(() => {
    if (!bench.pending.length) return
    const t = now()
    const shown = []
    bench.pending = bench.pending.filter((e) => {
      if (cardOf(e.id)?.getAttribute('data-status') !== e.status) return true
      e.dom = t
      shown.push(e)
      return false
    })
    if (shown.length) afterPaint((p) => shown.forEach((e) => (e.painted = p)))
  })
  if (document.body) observeWhenReady()
  else document.addEventListener('DOMContentLoaded', observeWhenReady)

  const arrived = (type, data, t) => {
    if (!bench.recording) return
    const id = data.subtask_id
    const status = type === 'subtask:unblocked' ? 'READY' : data.new_status
    // a later event of the same card before this one was painted: this one never shows
    for (const p of bench.pending) if (p.id === id) p.superseded = true
    bench.pending = bench.pending.filter((p) => p.id !== id)
    const e = { type, id, status, arrived: t, changedAt: Date.parse(data.changed_at) - performance.timeOrigin }
    bench.events.push(e)
    if (cardOf(id)?.getAttribute('data-status') === status) e.unchanged = true
    else bench.pending.push(e)
  }

  // the app reads its stream with fetch: tee each chunk's events as it reaches the page
  const original = window.fetch
  window.fetch = async (...args) => {
    const response = await original(...args)
    if (!(response.headers.get('Content-Type') ?? '').startsWith('text/event-stream') || !response.body) return response
    const decoder = new TextDecoder()
    let buffer = ''
    const body = response.body.pipeThrough(
      new TransformStream({
        transform(chunk, controller) {
          const t = now()
          controller.enqueue(chunk)
          buffer += decoder.decode(chunk, { stream: true })
          const frames = buffer.split('\n\n')
          buffer = frames.pop()
          for (const frame of frames) {
            const type = /^event: ?(.*)$/m.exec(frame)?.[1]
            if (type !== 'subtask:status_changed' && type !== 'subtask:unblocked') continue
            const data = frame.split('\n').filter((l) => l.startsWith('data:')).map((l) => l.replace(/^data: ?/, '')).join('\n')
            arrived(type, JSON.parse(data), t)
          }
        },
      }),
    )
    return new Response(body, { status: response.status, statusText: response.statusText, headers: response.headers })
  }
}

/** Frame deltas for `ms` while `drive()` runs (scrolling or dragging). */
async function framesDuring(page, ms, drive) {
  const frames = page.evaluate(
    (ms) =>
      new Promise((resolve) => {
        const deltas = []
        let last = performance.now()
        const end = last + ms
        const frame = (t) => {
          deltas.push(t - last)
          last = t
          if (t < end) requestAnimationFrame(frame)
          else resolve(deltas)
        }
        requestAnimationFrame(frame)
      }),
    ms,
  )
  await drive()
  return stats(await frames)
}

const quantiles = (xs) => {
  const s = [...xs].sort((a, b) => a - b)
  const q = (p) => s[Math.min(s.length - 1, Math.floor(p * s.length))]
  return { n: s.length, p50: q(0.5), p95: q(0.95), max: s[s.length - 1], median: q(0.5) }
}

/** The API, asked again when a kept-alive connection was closed under the request. */
async function call(path, init) {
  for (let attempt = 1; ; attempt++) {
    try {
      return await app.api(path, init)
    } catch (e) {
      if (attempt === 3) throw e
      await sleep(200)
    }
  }
}

const raw = { label: LABEL, jar: findJar(), started: new Date().toISOString(), cards: CARDS }
try {
  // seeding: 50 tasks, each planned into 10 subtasks by a real planner run
  const project = (await call('/projects/demo', { method: 'POST' })).body
  const tasks = []
  for (let i = 1; i <= TASKS; i++) {
    const r = await call(`/projects/${project.id}/tasks`, {
      method: 'POST',
      body: JSON.stringify({ title: `Feature ${i}: settings page, part ${i}`, description: 'Plan it into ten subtasks.', autopilot: false }),
    })
    tasks.push(r.body)
  }
  const seedStart = Date.now()
  await until(
    async () => {
      const all = (await call(`/projects/${project.id}/tasks`)).body
      return all.length === TASKS && all.every((t) => t.status === 'ACTIVE')
    },
    { timeout: 600_000, interval: 1000, what: `${TASKS} planned tasks` },
  )
  raw.seedSeconds = (Date.now() - seedStart) / 1000
  const subtasksOf = async (t) => (await call(`/tasks/${t.id}/subtasks`)).body
  // one request at a time: 50 at once exhaust the server's database connections (500s)
  const everySubtaskList = async () => {
    const lists = []
    for (const t of tasks) lists.push(await subtasksOf(t))
    return lists
  }
  const counts = (await everySubtaskList()).map((l) => l.length)
  if (counts.reduce((a, b) => a + b, 0) !== CARDS) throw new Error(`expected ${CARDS} subtasks, found ${counts}`)

  const page = await browser.newPage()
  await page.addInitScript(pageProbe, CARDS)
  const cdp = await browser.newCDPSession(page)
  const boardUrl = `${app.url}/projects/${project.id}`

  // 1. first render, RENDERS times; the first load warms the server and the browser cache and is dropped
  const renders = []
  for (let i = 0; i <= RENDERS; i++) {
    await page.goto('about:blank')
    await page.goto(boardUrl)
    await page.waitForFunction(() => window.__bench?.allCardsPainted != null, null, { timeout: 60_000, polling: 100 })
    const r = await page.evaluate(() => {
      const b = window.__bench
      const lists = performance.getEntriesByType('resource').filter((e) => /\/api\/tasks\/[^/]+\/subtasks$/.test(e.name))
      const end = (re) => performance.getEntriesByType('resource').find((e) => re.test(e.name))?.responseEnd
      const nav = performance.getEntriesByType('navigation')[0]
      return {
        firstCard: b.firstCard,
        allCards: b.allCards,
        painted: b.allCardsPainted,
        domContentLoaded: nav.domContentLoadedEventEnd,
        tasksReceived: end(/\/api\/projects\/[^/]+\/tasks$/),
        firstListAsked: Math.min(...lists.map((e) => e.startTime)),
        lastData: Math.max(...lists.map((e) => e.responseEnd)),
        lists: lists.length,
      }
    })
    if (i > 0) renders.push(r)
  }
  raw.renders = renders
  await sleep(1000)

  // 3a. frame times while the board scrolls (its own scroll container) down and back
  const scroller = page.locator('.overflow-auto').first()
  const box = await scroller.boundingBox()
  await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2)
  const scroll = await framesDuring(page, 3000, async () => {
    for (let i = 0; i < 90; i++) {
      await page.mouse.wheel(0, i < 45 ? 300 : -300)
      await sleep(30)
    }
  })
  await page.evaluate(() => document.querySelector('.overflow-auto').scrollTo(0, 0))
  await sleep(500)

  // 3b. frame times while a card is dragged down its column (the first task's Waiting column) and back
  const grip = page.getByRole('button', { name: 'Reorder s2' }).first()
  const g = await grip.boundingBox()
  await page.mouse.move(g.x + g.width / 2, g.y + g.height / 2)
  await page.mouse.down()
  const drag = await framesDuring(page, 3000, async () => {
    for (let i = 0; i < 90; i++) {
      const dy = i < 45 ? i * 8 : (90 - i) * 8
      await page.mouse.move(g.x + g.width / 2 + 2, g.y + g.height / 2 + 5 + dy)
      await sleep(16)
    }
  })
  await page.keyboard.press('Escape') // cancel: the order stays as planned
  await page.mouse.up()
  raw.scroll = scroll
  raw.drag = drag
  await sleep(500)

  // 2. event to paint: start every ready subtask, merge each finished one (which unblocks its
  // dependents), start those, until EVENTS status events arrived
  await page.evaluate(() => (window.__bench.recording = true))
  if (PROFILE) {
    await cdp.send('Profiler.enable')
    await cdp.send('Profiler.setSamplingInterval', { interval: 200 })
    await cdp.send('Profiler.start')
  }
  const load0 = execSync('cat /proc/loadavg').toString().split(' ')[0]
  const merging = new Set()
  const deadline = Date.now() + 300_000
  while (Date.now() < deadline) {
    const n = await page.evaluate(() => window.__bench.events.length)
    if (n >= EVENTS) break
    const lists = await everySubtaskList()
    const all = lists.flat()
    if (all.every((s) => s.status === 'MERGED')) break
    for (const [i, t] of tasks.entries()) {
      if (lists[i].some((s) => s.status === 'READY')) await call(`/tasks/${t.id}/start-ready`, { method: 'POST' })
    }
    for (const s of all.filter((s) => s.status === 'COMPLETED' && !merging.has(s.id))) {
      merging.add(s.id)
      await call(`/subtasks/${s.id}/merge`, { method: 'POST' })
    }
    await sleep(250)
  }
  await sleep(1500) // the last events' paints
  if (PROFILE) {
    const { profile } = await cdp.send('Profiler.stop')
    writeFileSync(join(out, `${LABEL}-${stamp}.cpuprofile`), JSON.stringify(profile))
  }
  const events = await page.evaluate(() => window.__bench.events)

  // keyboard: j moves the focus card by card, also into groups scrolled out of view before
  await page.locator('body').click({ position: { x: 5, y: 5 } })
  for (let i = 0; i < 120; i++) await page.keyboard.press('j')
  raw.keyboard = await page.evaluate(() => {
    const el = document.activeElement
    const all = [...document.querySelectorAll('article[data-subtask-id]')]
    const r = el.getBoundingClientRect()
    return { index: all.indexOf(el), visible: r.bottom > 0 && r.top < innerHeight && r.height > 0 }
  })
  raw.events = events
  raw.load = load0
  raw.ended = new Date().toISOString()
  writeFileSync(join(out, `${LABEL}-${stamp}.json`), JSON.stringify(raw, null, 1))

  const painted = events.filter((e) => e.painted != null)
  const toPaint = quantiles(painted.map((e) => e.painted - e.arrived))
  const toDom = quantiles(painted.map((e) => e.dom - e.arrived))
  const fromServer = quantiles(painted.map((e) => e.painted - e.changedAt))
  const firstRender = quantiles(renders.map((r) => r.painted))
  const dataToPaint = quantiles(renders.map((r) => r.painted - r.lastData))
  const waterfall = {
    dcl: quantiles(renders.map((r) => r.domContentLoaded)),
    tasks: quantiles(renders.map((r) => r.tasksReceived)),
    lists: quantiles(renders.map((r) => r.lastData - r.firstListAsked)),
  }
  const ms = (x) => x.toFixed(1)
  const version = execSync(`${process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'} --version`).toString().trim()
  console.log(`### ${LABEL} (${raw.started.slice(0, 16).replace('T', ' ')} UTC, jar ${raw.jar.split('/').pop()})

${version}, 1440×900, ${CARDS} cards (${TASKS} tasks × ${PER_TASK}), seeded by real planner runs in ${raw.seedSeconds.toFixed(0)} s; load average ${load0} when the events started.

| measure | n | median / p50 | p95 | max |
|---|---|---|---|---|
| first render: navigation → all ${CARDS} cards painted | ${firstRender.n} | ${ms(firstRender.p50)} | ${ms(firstRender.p95)} | ${ms(firstRender.max)} |
| first render: navigation → DOMContentLoaded (the app's script loaded) | ${waterfall.dcl.n} | ${ms(waterfall.dcl.p50)} | ${ms(waterfall.dcl.p95)} | ${ms(waterfall.dcl.max)} |
| first render: navigation → task list received | ${waterfall.tasks.n} | ${ms(waterfall.tasks.p50)} | ${ms(waterfall.tasks.p95)} | ${ms(waterfall.tasks.max)} |
| first render: first → last of the ${TASKS} subtask lists received | ${waterfall.lists.n} | ${ms(waterfall.lists.p50)} | ${ms(waterfall.lists.p95)} | ${ms(waterfall.lists.max)} |
| first render: last subtask list received → all cards painted | ${dataToPaint.n} | ${ms(dataToPaint.p50)} | ${ms(dataToPaint.p95)} | ${ms(dataToPaint.max)} |
| status event: arrival in the page → card painted | ${toPaint.n} | ${ms(toPaint.p50)} | ${ms(toPaint.p95)} | ${ms(toPaint.max)} |
| status event: arrival → card in the DOM | ${toDom.n} | ${ms(toDom.p50)} | ${ms(toDom.p95)} | ${ms(toDom.max)} |
| status event: server's \`changed_at\` → card painted | ${fromServer.n} | ${ms(fromServer.p50)} | ${ms(fromServer.p95)} | ${ms(fromServer.max)} |
| frame time, dragging a card (${drag.frames} frames) | | ${ms(drag.p50)} | ${ms(drag.p95)} | ${ms(drag.max)} |
| frame time, scrolling the board (${scroll.frames} frames) | | ${ms(scroll.p50)} | ${ms(scroll.p95)} | ${ms(scroll.max)} |

Keyboard: after 120 presses of j the focus is on card ${raw.keyboard.index + 1} of ${CARDS}${raw.keyboard.visible ? ', in view' : ', NOT in view'}.
Events: ${events.length} recorded, ${painted.length} painted, ${events.filter((e) => e.superseded).length} superseded by the next event of their card before a paint, ${events.filter((e) => e.unchanged).length} without a change. Drag: ${drag.fps.toFixed(1)} fps, ${drag.over33} frames over 33 ms; scroll: ${scroll.fps.toFixed(1)} fps, ${scroll.over33} over 33 ms.
`)
} catch (e) {
  const pages = browser.pages()
  await pages[pages.length - 1]?.screenshot({ path: join(out, `${LABEL}-failure.png`) }).catch(() => {})
  throw e
} finally {
  await browser.close()
  await app.stop()
  app.cleanup()
}
