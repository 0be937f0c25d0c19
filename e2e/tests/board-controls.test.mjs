// Bulk start, retries and the detail view's actions against the real jar. The demo's workers are
// made to fail (AGENT_DEMO_WORKER_FAILURE_PERCENT=100) while its planner succeeds, so every attempt
// of a started subtask fails: the card counts the attempts and the seconds to the next one, then
// needs the user with the reason, and the detail view's Retry sends it back to work.
import { after, before, describe, it } from 'node:test'
import { startApp } from '../lib/app.mjs'
import { launch, screenshot } from '../lib/browser.mjs'
import { until } from '../lib/wait.mjs'

describe('board controls (real jar, failing demo workers)', () => {
  let app
  let browser
  let page
  let projectId
  const title = 'Due dates'

  const api = async (method, path, body) => {
    const r = await fetch(`${app.url}/api${path}`, {
      method,
      headers: body ? { 'Content-Type': 'application/json' } : {},
      body: body ? JSON.stringify(body) : undefined,
    })
    return { status: r.status, json: r.status === 204 ? null : await r.json() }
  }

  before(async () => {
    app = await startApp({
      env: {
        AGENT_DEMO_WORKER_FAILURE_PERCENT: '100',
        AGENT_DEMO_LINE_DELAY_MS: '40',
        AGENT_MAX_RETRIES: '2',
        AGENT_BACKOFF_BASE_MS: '12000',
      },
    })
    browser = await launch()
    projectId = (await api('POST', '/projects/demo')).json.id
    await api('POST', `/projects/${projectId}/tasks`, { title, description: 'Items get an optional due date, shown on the list.' })
    page = await browser.newPage()
  })

  after(async () => {
    await browser?.close()
    await app?.stop()
    app?.cleanup()
  })

  const column = (name) => page.getByRole('list', { name: `${title}: ${name}` })

  it('starts every ready subtask with one click', async () => {
    await page.goto(`${app.url}/projects/${projectId}`)
    const group = page.getByRole('region', { name: title })
    await group.getByText('Active', { exact: true }).waitFor({ timeout: 120_000 })
    // the task's status and its subtasks arrive as separate events: wait for the cards, then for the
    // button to count the same cards the column shows
    const button = group.getByRole('button', { name: `Start all ready subtasks of ${title}` })
    let ready = 0
    await until(
      async () => {
        ready = await column('Ready').getByRole('article').count()
        const label = await button.innerText({ timeout: 1000 }).catch(() => '')
        return ready >= 1 && label.includes(`Start all ready (${ready})`)
      },
      { what: () => `ready cards (${ready}) counted on the Start all ready button` },
    )
    await button.click()
    await until(async () => (await column('Ready').getByRole('article').count()) === 0, { what: 'no ready card left' })
    await button.waitFor({ state: 'detached' })
  })

  it('shows the attempt and counts down to the next try, then the reason once the attempts are used up', async () => {
    const card = column('In Progress').getByRole('article').first()
    await card.getByText(/^next try in \d+ s$/).waitFor({ timeout: 60_000 })
    await card.getByText('attempt 2 of 2').waitFor()
    const first = Number((await card.getByText(/^next try in \d+ s$/).innerText()).match(/\d+/)[0])
    await until(async () => {
      const text = await card.getByText(/^next try in \d+ s$/).innerText().catch(() => '')
      const now = Number(text.match(/\d+/)?.[0] ?? NaN)
      return now < first
    }, { what: 'the countdown moving', timeout: 5000 })
    await screenshot(page, 'retry-countdown')

    const failed = column('Needs you').getByRole('article').first()
    await failed.waitFor({ timeout: 90_000 })
    await failed.getByText(/simulated failure while working/).waitFor()
    await failed.getByRole('button', { name: /^Retry s\d+$/ }).waitFor()
  })

  it('retries from the detail view: the subtask goes back to work', async () => {
    const failed = column('Needs you').getByRole('article').first()
    const key = (await failed.getByRole('button', { name: /^Retry s\d+$/ }).getAttribute('aria-label')).replace('Retry ', '')
    const cardTitle = (await failed.getAttribute('aria-label')).slice(key.length + 1)
    await failed.getByRole('button', { name: cardTitle, exact: true }).click()
    const sheet = page.getByRole('dialog')
    await sheet.waitFor()
    await sheet.getByRole('button', { name: `Retry ${key}` }).click()
    await sheet.getByText('In Progress', { exact: true }).waitFor({ timeout: 30_000 })
    await screenshot(page, 'detail-view-retry')
    await page.keyboard.press('Escape')
    await sheet.waitFor({ state: 'detached' })
    await until(async () => (await column('In Progress').getByRole('article').filter({ hasText: key }).count()) === 1, {
      what: `${key} back in progress`,
      timeout: 30_000,
    })
  })
})
