// The whole flow on the real jar with the demo agent runtime: the agents plan and work, the event
// stream carries every change and log line. The probe of the server names what is missing if a build
// lost either; the tests then fail with that reason.
import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { probeBackend, startApp } from '../lib/app.mjs'
import { launch, recordRequests, screenshot } from '../lib/browser.mjs'
import { sleep, until } from '../lib/wait.mjs'

const BOARD_LISTS = /\/api\/(projects\/[^/]+\/tasks|tasks\/[^/]+\/subtasks|projects\/[^/]+\/active-runs)$/

/** Status of every subtask card on the page, by key. */
async function cardStatuses(page) {
  return page.$$eval('article[data-subtask]', (cards) => Object.fromEntries(cards.map((c) => [c.dataset.subtask, c.dataset.status])))
}

async function openBoardWithTask(app, browser, title) {
  const page = await browser.newPage()
  const requests = recordRequests(page)
  await page.goto(app.url)
  await page.getByRole('button', { name: 'Add sample project' }).click()
  await page.waitForURL(/\/projects\/[0-9a-f-]{36}$/)
  const projectId = page.url().split('/').pop()
  await page.getByText('Live', { exact: true }).waitFor({ timeout: 15_000 })
  await page.evaluate(() => (window.__sameDocument = true))
  await page.getByRole('button', { name: 'New task' }).click()
  const dialog = page.getByRole('dialog', { name: 'New task' })
  await dialog.getByLabel('Title').fill(title)
  await dialog.getByLabel('Description').fill('Todo items get an optional due date; overdue items are highlighted.')
  await dialog.getByRole('button', { name: 'Create task' }).click()
  await dialog.waitFor({ state: 'detached' })
  return { page, requests, projectId, group: page.getByRole('region', { name: title }) }
}

/** Starts every Ready subtask, merges every Completed one and resolves conflicted ones until the task is Done. */
async function driveToDone(page, group, { onInProgress } = {}) {
  const deadline = Date.now() + 8 * 60_000
  let sawWorker = false
  for (;;) {
    if (Date.now() > deadline) throw new Error(`the task did not reach Done: ${JSON.stringify(await cardStatuses(page))}`)
    if ((await group.getByText('Done', { exact: true }).count()) > 0) return
    // one action at a time; a button that disappears meanwhile (its card moved) is not an error
    const action = group.getByRole('button', { name: /^(Start s\S+|Merge s\S+|Retry s\S+|Resolve s\S+)$/ }).and(page.locator(':enabled'))
    if (await action.count()) {
      await action.first().click({ timeout: 5000 }).catch(() => {})
      await sleep(300)
      continue
    }
    if (!sawWorker && onInProgress && (await group.getByRole('button', { name: /^View logs of s/ }).count())) {
      sawWorker = true
      await onInProgress()
    }
    await sleep(500)
  }
}

describe('full flow (real jar, demo agents, live events)', () => {
  let app
  let browser
  let support = { events: false, agents: false, reason: 'not probed' }

  before(async () => {
    app = await startApp()
    const probe = await app.api('/projects/demo', { method: 'POST' })
    support = await probeBackend(app, probe.body.id)
    await app.api(`/projects/${probe.body.id}`, { method: 'DELETE' })
    browser = await launch()
  })

  after(async () => {
    await browser?.close()
    await app?.stop()
    app?.cleanup()
  })

  it('plans, streams logs, works through the subtasks to Done, live and without polling', async () => {
    assert.ok(support.events && support.agents, `the jar must stream events and run agents: ${support.reason}`)
    const { page, requests, group } = await openBoardWithTask(app, browser, 'Add due dates')

    // the planner's live log streams lines
    await group.getByRole('button', { name: /View planner logs/ }).click()
    const panel = page.getByRole('dialog', { name: /^Planner/ })
    await panel.getByText('Streaming').waitFor()
    const lineCount = async () => Number((await panel.getByText(/^[\d,]+ lines$/).innerText()).replace(/\D/g, ''))
    const first = await until(async () => (await lineCount()) > 0 && lineCount(), { what: 'planner log lines' })
    await until(async () => (await lineCount()) > first, { what: 'more planner lines (streaming)' })
    await screenshot(page, 'log-panel')
    await page.keyboard.press('Escape')

    // subtasks appear without a reload
    await until(async () => (await group.locator('article[data-subtask]').count()) > 0, { timeout: 120_000, what: 'subtasks' })
    const liveFrom = Date.now()

    let workerLines = 0
    await driveToDone(page, group, {
      onInProgress: async () => {
        await group.getByRole('button', { name: /^View logs of s/ }).first().click()
        const worker = page.getByRole('dialog').filter({ hasText: 'Worker' })
        await worker.getByText(/^[\d,]+ lines$/).waitFor()
        workerLines = await until(async () => {
          const n = Number((await worker.getByText(/^[\d,]+ lines$/).innerText()).replace(/\D/g, ''))
          return n > 0 && n
        }, { what: 'worker log lines' })
        await screenshot(page, 'worker-log')
        await page.keyboard.press('Escape')
      },
    })
    assert.ok(workerLines > 0, 'a worker log streamed')
    const statuses = await cardStatuses(page)
    assert.ok(Object.values(statuses).every((s) => s === 'MERGED'), JSON.stringify(statuses))
    await screenshot(page, 'board-done')

    assert.equal(await page.evaluate(() => window.__sameDocument), true, 'no page reload')
    // No polling while the stream is up: list reads happen only when an event asks for one
    // (a task turning ACTIVE loads its subtasks). A 5 s poll would show up as repeats.
    const reads = requests.filter((r) => r.method === 'GET' && r.at >= liveFrom && BOARD_LISTS.test(r.url))
    const perUrl = new Map()
    for (const r of reads) perUrl.set(r.url, (perUrl.get(r.url) ?? 0) + 1)
    const elapsed = (Date.now() - liveFrom) / 1000
    for (const [url, n] of perUrl) assert.ok(n <= 3, `${url} was read ${n} times in ${elapsed.toFixed(0)} s: polling`)
  })

  it('catches up after the stream is killed mid-run (app restart), with nothing missing', async () => {
    assert.ok(support.events && support.agents, `the jar must stream events and run agents: ${support.reason}`)
    const { page, group } = await openBoardWithTask(app, browser, 'Add tags')
    await until(async () => (await group.locator('article[data-subtask]').count()) > 0, { timeout: 120_000, what: 'subtasks' })
    await group.getByRole('button', { name: /^Start s/ }).first().click()
    await group.locator('article[data-status="IN_PROGRESS"]').first().waitFor()

    // kill every stream: the server goes away and comes back on the same port and data
    app = await app.restart()
    await page.getByText(/Reconnecting/).waitFor({ timeout: 30_000 })
    await page.getByText('Live', { exact: true }).waitFor({ timeout: 60_000 })

    await driveToDone(page, group)
    const taskId = await group.locator('[data-task]').getAttribute('data-task')
    const rest = await app.api(`/tasks/${taskId}/subtasks`)
    const expected = Object.fromEntries(rest.body.map((s) => [s.key, s.status]))
    assert.deepEqual(await cardStatuses(page), expected, 'the board matches the server after the reconnect')
    assert.equal(await page.evaluate(() => window.__sameDocument), true, 'no page reload')
  })
})
