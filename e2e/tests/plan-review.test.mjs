// Integration on the real jar with the demo agents: a task whose plan waits for review. Its plan is
// edited in the plan view (a subtask renamed, one added with a dependency, one removed), approved,
// then started with Start all ready, while a second open board follows every step live.
import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { startApp } from '../lib/app.mjs'
import { axeViolations, formatViolations } from '../lib/axe.mjs'
import { launch, screenshot } from '../lib/browser.mjs'
import { until } from '../lib/wait.mjs'

const TITLE = 'Add due dates'

async function cardStatuses(group) {
  return group.locator('article[data-subtask]').evaluateAll((cards) => Object.fromEntries(cards.map((c) => [c.dataset.subtask, c.dataset.status])))
}

async function assertAccessible(page, where) {
  const violations = await axeViolations(page)
  assert.equal(violations.length, 0, `serious or critical accessibility violations:\n${formatViolations(violations, where)}`)
}

describe('integration (real jar, demo agents): plan review', () => {
  let app
  let browser
  let page
  let other

  before(async () => {
    app = await startApp({ env: { AGENT_DEMO_LINE_DELAY_MS: '40' } })
    browser = await launch()
    page = await browser.newPage()
    await page.goto(app.url)
    await page.getByRole('button', { name: 'Add sample project' }).click()
    await page.waitForURL(/\/projects\/[0-9a-f-]{36}$/)
    await page.getByText('Live', { exact: true }).waitFor({ timeout: 15_000 })
    // a second board on the same project, in its own tab: it learns everything from the event stream
    other = await browser.newPage()
    await other.goto(page.url())
    await other.getByText('Live', { exact: true }).waitFor({ timeout: 15_000 })
  })

  after(async () => {
    await browser?.close()
    await app?.stop()
    app?.cleanup()
  })

  it('edits, approves and starts a reviewed plan; a second board follows live', async () => {
    await page.getByRole('button', { name: 'New task' }).click()
    const create = page.getByRole('dialog', { name: 'New task' })
    await create.getByLabel('Title').fill(TITLE)
    await create.getByLabel('Description').fill('Items get a due date.')
    const review = create.getByRole('checkbox', { name: 'Review the plan before work starts' })
    assert.equal(await review.isChecked(), false, 'off by the project’s default')
    await review.check()
    await assertAccessible(page, 'the new-task dialog')
    await create.getByRole('button', { name: 'Create task' }).click()
    await create.waitFor({ state: 'detached' })

    // the plan: s1, then s2 and s3 after s1, then s4 after both; nothing may start yet
    const group = page.getByRole('region', { name: TITLE })
    const otherGroup = other.getByRole('region', { name: TITLE })
    await group.getByText('Plan awaits approval').waitFor({ timeout: 120_000 })
    await otherGroup.getByText('Plan awaits approval').waitFor({ timeout: 30_000 })
    await group.locator('article[data-subtask="s4"]').waitFor()
    assert.equal(await group.getByRole('button', { name: 'Start s1' }).isDisabled(), true, 'Start waits for the approval')
    assert.equal(await group.getByRole('button', { name: `Start all ready subtasks of ${TITLE}` }).isDisabled(), true)
    const taskId = await group.locator('[data-task]').getAttribute('data-task')
    const refused = await app.api(`/tasks/${taskId}/start-ready`, { method: 'POST' })
    assert.equal(refused.status, 409, 'the server holds back start-ready too')

    await group.getByRole('button', { name: `Plan of ${TITLE}` }).click()
    const sheet = page.getByRole('dialog').filter({ hasText: 'Plan awaits your approval' })
    await sheet.getByRole('heading', { name: 'Plan awaits your approval' }).waitFor()
    await sheet.getByRole('button', { name: 'Edit s2' }).waitFor()
    await assertAccessible(page, 'the plan under review')
    await screenshot(page, 'plan-review')

    // rename s2
    await sheet.getByRole('button', { name: 'Edit s2' }).click()
    const edit = page.getByRole('dialog', { name: 'Edit subtask s2' })
    await assertAccessible(page, 'the subtask form')
    await edit.getByLabel('Title').fill('Store the due date')
    await edit.getByRole('button', { name: 'Save subtask' }).click()
    await edit.waitFor({ state: 'detached' })
    await otherGroup.locator('article[data-subtask="s2"]').getByText('Store the due date').waitFor({ timeout: 15_000 })

    // add s5 after s1
    await sheet.getByRole('button', { name: 'Add subtask' }).click()
    const add = page.getByRole('dialog', { name: 'Add subtask' })
    await add.getByLabel('Title').fill('Document due dates')
    await add.getByLabel('Spec').fill('Explain due dates in the README.')
    await add.getByRole('checkbox', { name: /^s1 / }).check()
    await add.getByRole('button', { name: 'Add subtask' }).click()
    await add.waitFor({ state: 'detached' })
    const added = otherGroup.locator('article[data-subtask="s5"]')
    await added.getByText('Document due dates').waitFor({ timeout: 15_000 })
    assert.equal(await added.getAttribute('data-status'), 'BLOCKED', 'it waits for s1')

    // remove s3, after the confirmation
    await sheet.getByRole('button', { name: 'Remove s3' }).click()
    const confirm = page.getByRole('dialog', { name: 'Remove subtask s3?' })
    await confirm.getByRole('button', { name: 'Remove subtask' }).click()
    await confirm.waitFor({ state: 'detached' })
    await until(async () => (await otherGroup.locator('article[data-subtask="s3"]').count()) === 0, { what: 's3 gone from the second board' })

    const plan = (await app.api(`/tasks/${taskId}/subtasks`)).body
    assert.deepEqual(plan.map((s) => s.key), ['s1', 's2', 's4', 's5'])
    const s4 = plan.find((s) => s.key === 's4')
    assert.deepEqual(s4.depends_on, [plan.find((s) => s.key === 's2').id], 's4 no longer depends on the removed s3')

    await sheet.getByRole('button', { name: 'Approve plan' }).click()
    await sheet.getByRole('heading', { name: 'Plan awaits your approval' }).waitFor({ state: 'detached' })
    await until(async () => (await otherGroup.getByText('Plan awaits approval').count()) === 0, { what: 'the second board to see the approval' })
    assert.notEqual((await app.api(`/tasks/${taskId}`)).body.plan_approved_at, null)
    await page.keyboard.press('Escape')
    await sheet.waitFor({ state: 'detached' })

    await group.getByRole('button', { name: `Start all ready subtasks of ${TITLE}` }).click()
    await until(async () => (await otherGroup.locator('article[data-subtask="s1"]').getAttribute('data-status')) !== 'READY', {
      what: `s1 started, seen on the second board: ${JSON.stringify(await cardStatuses(otherGroup))}`,
    })
    await screenshot(other, 'plan-review-approved')
    const statuses = await cardStatuses(otherGroup)
    assert.ok(['IN_PROGRESS', 'COMPLETED'].includes(statuses.s1), JSON.stringify(statuses))
    assert.equal(statuses.s2, 'BLOCKED', JSON.stringify(statuses))
  })
})
