// Integration on the real jar with the demo agents: a task on autopilot goes from creation to Done
// without a click (conflicts resolved by the agents on the way), and a hand-driven task uses the
// review view's Request changes and the Merge button.
import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { startApp } from '../lib/app.mjs'
import { launch, recordRequests, screenshot } from '../lib/browser.mjs'
import { until } from '../lib/wait.mjs'

async function cardStatuses(page) {
  return page.$$eval('article[data-subtask]', (cards) => Object.fromEntries(cards.map((c) => [c.dataset.subtask, c.dataset.status])))
}

async function newTask(page, title, description, { autopilot }) {
  await page.getByRole('button', { name: 'New task' }).click()
  const dialog = page.getByRole('dialog', { name: 'New task' })
  await dialog.getByLabel('Title').fill(title)
  await dialog.getByLabel('Description').fill(description)
  const toggle = dialog.getByRole('switch', { name: 'Autopilot' }).or(dialog.getByRole('checkbox', { name: 'Autopilot' }))
  const on = async () => (await toggle.getAttribute('aria-checked')) === 'true' || (await toggle.isChecked().catch(() => false))
  if ((await on()) !== autopilot) await toggle.click()
  assert.equal(await on(), autopilot, 'the autopilot switch is set')
  await dialog.getByRole('button', { name: 'Create task' }).click()
  await dialog.waitFor({ state: 'detached' })
  return page.getByRole('region', { name: title })
}

describe('integration (real jar, demo agents): autopilot, review feedback, merge', () => {
  let app
  let browser
  let page
  let requests
  let projectId

  before(async () => {
    app = await startApp({ env: { AGENT_DEMO_LINE_DELAY_MS: '40' } })
    browser = await launch()
    page = await browser.newPage()
    requests = recordRequests(page)
    await page.goto(app.url)
    await page.getByRole('button', { name: 'Add sample project' }).click()
    await page.waitForURL(/\/projects\/[0-9a-f-]{36}$/)
    projectId = page.url().split('/').pop()
    await page.getByText('Live', { exact: true }).waitFor({ timeout: 15_000 })
  })

  after(async () => {
    await browser?.close()
    await app?.stop()
    app?.cleanup()
  })

  it('takes a task on autopilot from creation to Done without a click, resolving the conflict on the way', async () => {
    const group = await newTask(page, 'Add tags', '- Store tags with each item\n- Filter the list by tag', { autopilot: true })
    const since = Date.now()
    await group.getByText('Autopilot', { exact: true }).first().waitFor()
    await until(async () => (await group.locator('article[data-status="MERGED"]').count()) > 0, {
      timeout: 180_000,
      what: 'a first subtask merged by the autopilot',
    })
    await screenshot(page, 'autopilot-board')
    await until(async () => (await group.getByText('Done', { exact: true }).count()) > 0, {
      timeout: 300_000,
      what: `the task Done by itself: ${JSON.stringify(await cardStatuses(page))}`,
    })
    const statuses = await cardStatuses(page)
    assert.ok(Object.values(statuses).every((s) => s === 'MERGED'), JSON.stringify(statuses))
    await screenshot(page, 'autopilot-done')

    // nobody clicked: the page sent no start, merge or resolve
    const clicks = requests.filter((r) => r.method === 'POST' && r.at >= since && /\/(start|merge|resolve|retry)$/.test(r.url))
    assert.deepEqual(clicks.map((r) => r.url), [], 'no user action was needed')

    // the demo's workers side by side both add to CHANGES.md: one was sent back to resolve it
    const taskId = await group.locator('[data-task]').getAttribute('data-task')
    const subtasks = (await app.api(`/tasks/${taskId}/subtasks`)).body
    const reasons = []
    for (const s of subtasks) for (const run of (await app.api(`/subtasks/${s.id}/runs`)).body) reasons.push(run.reason)
    assert.ok(reasons.includes('conflict'), `a conflict follow-up ran: ${JSON.stringify(reasons)}`)
  })

  it('sends review feedback back to the agent from the review view, then merges with the Merge button', async () => {
    const group = await newTask(page, 'Add notes', 'Items get a free-text note.', { autopilot: false })
    const s1 = group.locator('article[data-subtask="s1"]')
    await s1.waitFor({ timeout: 120_000 })
    await group.getByRole('button', { name: 'Start s1' }).click()
    await group.locator('article[data-subtask="s1"][data-status="COMPLETED"]').waitFor({ timeout: 120_000 })

    const taskId = await group.locator('[data-task]').getAttribute('data-task')
    const subtask = (await app.api(`/tasks/${taskId}/subtasks`)).body.find((s) => s.key === 's1')
    // the review view: the card's title opens it
    await s1.getByRole('button', { name: subtask.title, exact: true }).click()
    const review = page.getByRole('dialog').filter({ hasText: 'Review' })
    await review.getByLabel('Unified diff').waitFor()
    await review.getByLabel('Review comment').fill('Please add a usage example for the notes.')
    await review.getByRole('button', { name: 'Request changes' }).click()
    // the follow-up run (the demo agent is quick: the card may pass In progress between two looks)
    const runs = await until(
      async () => {
        const list = (await app.api(`/subtasks/${subtask.id}/runs`)).body
        return list.length === 2 && list[1].status === 'SUCCEEDED' && list
      },
      { timeout: 120_000, what: 'the follow-up run to succeed' },
    )
    // the review view shows the new work without a reload
    await review.getByText('REVIEW_NOTES.md').first().waitFor({ timeout: 30_000 })
    await screenshot(page, 'review-after-changes')
    // the open sheet hides the board from the accessibility tree: close it first
    await page.keyboard.press('Escape')
    await review.waitFor({ state: 'detached' })
    await group.locator('article[data-subtask="s1"][data-status="COMPLETED"]').waitFor({ timeout: 30_000 })
    assert.deepEqual(runs.map((r) => r.reason), [null, 'changes_requested'], 'a follow-up run with its cause')
    const diff = (await app.api(`/subtasks/${subtask.id}/diff`)).body
    assert.ok(diff.files.some((f) => f.path === 'REVIEW_NOTES.md'), 'the agent applied the review on the same branch')
    assert.match(diff.diff, /usage example for the notes/)

    await group.getByRole('button', { name: 'Merge s1' }).click()
    await group.locator('article[data-subtask="s1"][data-status="MERGED"]').waitFor({ timeout: 30_000 })
    await until(async () => (await group.locator('article[data-status="READY"]').count()) > 0, {
      what: 'the dependents of s1 ready after the merge',
    })
    const merged = (await app.api(`/subtasks/${subtask.id}`)).body
    assert.equal(merged.status, 'MERGED')
    assert.equal(projectId.length, 36)
  })
})
