// The activity view against the real jar: two projects' agents on one page, live from the user-level
// stream (GET /api/events); a stopped planner lands in the needs-you inbox without a reload; "Live log"
// opens the run's log panel on its project's board. The demo agent is slowed down so that both
// planners are still at work while the page is checked.
import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { startApp } from '../lib/app.mjs'
import { axeViolations } from '../lib/axe.mjs'
import { launch, screenshot } from '../lib/browser.mjs'
import { until } from '../lib/wait.mjs'

describe('activity view (real jar, slow demo runtime)', () => {
  let app
  let browser
  let page
  const projects = []
  const tasks = []

  const api = async (method, path, body) => {
    const r = await fetch(`${app.url}/api${path}`, {
      method,
      headers: body ? { 'Content-Type': 'application/json' } : {},
      body: body ? JSON.stringify(body) : undefined,
    })
    return { status: r.status, json: r.status === 204 ? null : await r.json() }
  }

  before(async () => {
    app = await startApp({ env: { AGENT_DEMO_LINE_DELAY_MS: '1500' } })
    browser = await launch()
    projects.push((await api('POST', '/projects/demo')).json, (await api('POST', '/projects/demo')).json)
    page = await browser.newPage()
  })

  after(async () => {
    await browser?.close()
    await app?.stop()
    app?.cleanup()
  })

  it('starts empty, then shows the planners of two projects as they start, without a reload', async () => {
    await page.goto(`${app.url}/activity`)
    await page.getByRole('heading', { name: 'Activity' }).waitFor()
    await page.getByText('Live', { exact: true }).waitFor()
    await page.getByText('Nothing needs you right now.').waitFor()
    await page.getByText('No agent is running or queued.').waitFor()

    tasks.push((await api('POST', `/projects/${projects[0].id}/tasks`, { title: 'Dark mode', description: 'Add a dark theme.' })).json)
    tasks.push((await api('POST', `/projects/${projects[1].id}/tasks`, { title: 'Due dates', description: 'Items get due dates.' })).json)

    const table = page.getByRole('table', { name: 'Running and queued agents' })
    await until(async () => (await table.getByRole('row').count()) === 3, { what: 'two agent rows', timeout: 60_000 })
    for (const [i, title] of ['Dark mode', 'Due dates'].entries()) {
      const row = table.getByRole('row').filter({ hasText: title })
      await row.getByText(projects[i].name, { exact: true }).waitFor()
      await row.getByText(/^Planner · (running|queued)$/).waitFor()
    }
    assert.notEqual(projects[0].name, projects[1].name, 'two projects told apart by name')
    await until(async () => (await table.getByText('Planner · running').count()) === 2, { what: 'both planners running', timeout: 60_000 })
    await screenshot(page, 'activity-two-projects')
  })

  it('a stopped planner leaves the running list and lands in Needs you, live', async () => {
    const runs = (await api('GET', `/tasks/${tasks[0].id}/runs`)).json
    const running = runs.find((r) => r.status === 'RUNNING')
    assert.ok(running, 'the first planner runs')
    assert.equal((await api('POST', `/runs/${running.id}/cancel`)).status, 200)

    const inbox = page.getByRole('list', { name: 'Needs you' })
    const item = inbox.getByRole('listitem').filter({ hasText: 'Dark mode' })
    await item.getByText('Planning failed').waitFor()
    await item.getByText('stopped by you').waitFor()
    await page.getByRole('heading', { name: 'Needs you (1)' }).waitFor()
    const table = page.getByRole('table', { name: 'Running and queued agents' })
    await until(async () => (await table.getByRole('row').filter({ hasText: 'Dark mode' }).count()) === 0, { what: 'the stopped run gone' })
    // the header counts it on every page
    await page.getByRole('link', { name: /Activity.*1 need you/ }).waitFor()
    const violations = await axeViolations(page)
    assert.deepEqual(violations, [], JSON.stringify(violations, null, 2))
  })

  it('"Live log" opens the running planner’s log on its project’s board', async () => {
    const row = page.getByRole('table', { name: 'Running and queued agents' }).getByRole('row').filter({ hasText: 'Due dates' })
    await row.getByRole('link', { name: /Live log/ }).click()
    await page.waitForURL(new RegExp(`/projects/${projects[1].id}$`))
    const panel = page.getByRole('dialog', { name: /^Planner/ })
    await panel.getByText(/^[\d,]+ lines?$/).waitFor({ timeout: 30_000 })
    await screenshot(page, 'activity-live-log')
    // the inbox item links to the task of the other project
    await page.keyboard.press('Escape')
    await page.goto(`${app.url}/activity`)
    await page.getByRole('list', { name: 'Needs you' }).getByRole('link', { name: 'Dark mode' }).click()
    await page.waitForURL(new RegExp(`/projects/${projects[0].id}/tasks/${tasks[0].id}$`))
  })
})
