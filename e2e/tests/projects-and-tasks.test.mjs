// The part of the issue-5 flow that this build can run end to end today: the projects page, the
// sample project, the board and the create-task dialog, against the real jar.
import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { startApp } from '../lib/app.mjs'
import { launch, recordRequests, screenshot } from '../lib/browser.mjs'
import { until } from '../lib/wait.mjs'

describe('projects and tasks (real jar, demo runtime)', () => {
  let app
  let browser
  let page
  let requests

  before(async () => {
    app = await startApp()
    browser = await launch()
    page = await browser.newPage()
    requests = recordRequests(page)
  })

  after(async () => {
    await browser?.close()
    await app?.stop()
    app?.cleanup()
  })

  it('shows an empty projects page and refuses a bad repository inline', async () => {
    await page.goto(app.url)
    await page.getByText('No projects yet').waitFor()
    await page.getByRole('button', { name: 'Add project' }).click()
    const dialog = page.getByRole('dialog', { name: 'Add project' })
    await dialog.getByRole('button', { name: 'Add project' }).click()
    await dialog.getByText('Repository is required').waitFor()
    await dialog.getByLabel('Repository').fill('/definitely/not/a/repository')
    await dialog.getByRole('button', { name: 'Add project' }).click()
    // the server's own message, shown in the dialog
    const error = dialog.locator('#repo-url-error')
    await error.waitFor()
    assert.match(await error.innerText(), /\S/)
    assert.notEqual(await error.innerText(), 'Repository is required')
    await page.keyboard.press('Escape')
    await dialog.waitFor({ state: 'detached' })
  })

  it('adds the sample project in one click and opens its board', async () => {
    await page.getByRole('button', { name: 'Add sample project' }).click()
    await page.waitForURL(/\/projects\/[0-9a-f-]{36}$/)
    await page.getByText('No tasks yet').waitFor()
    // the stream badge: Live with the events endpoint, Polling without it
    await page.getByText('Live', { exact: true }).or(page.getByText('Polling', { exact: true })).waitFor()
  })

  it('creates a task through the dialog, checking its fields, without a page reload', async () => {
    await page.evaluate(() => (window.__sameDocument = true))
    await page.getByRole('button', { name: 'New task' }).click()
    const dialog = page.getByRole('dialog', { name: 'New task' })
    await dialog.getByRole('button', { name: 'Create task' }).click()
    await dialog.getByText('Title is required').waitFor()
    await dialog.getByText('Description is required').waitFor()
    await dialog.getByLabel('Title').fill('x'.repeat(201))
    await dialog.getByLabel('Description').fill('Items get an optional due date, shown on the list.')
    await dialog.getByRole('button', { name: 'Create task' }).click()
    await dialog.getByText('Title must be at most 200 characters').waitFor()
    const posts = requests.filter((r) => r.method === 'POST' && r.url.endsWith('/tasks')).length
    assert.equal(posts, 0, 'nothing was sent while the form was invalid')

    await dialog.getByLabel('Title').fill('Add due dates')
    await dialog.getByRole('button', { name: 'Create task' }).click()
    await dialog.waitFor({ state: 'detached' })
    const group = page.getByRole('region', { name: 'Add due dates' })
    await group.waitFor()
    await group.getByText(/^(Planning|Active|Done|Planning failed)$/).waitFor()
    assert.equal(await page.evaluate(() => window.__sameDocument), true, 'no page reload')
    await screenshot(page, 'board-real')
  })

  it('serves deep links and unknown pages from the jar', async () => {
    const board = new URL(page.url()).pathname
    await page.goto(`${app.url}${board}`)
    await page.getByRole('region', { name: 'Add due dates' }).waitFor()
    await page.goto(`${app.url}/no/such/page`)
    await page.getByText('This page does not exist').waitFor()
    await page.goto(`${app.url}/projects/00000000-0000-0000-0000-000000000000`)
    await page.getByText('This project does not exist').waitFor()
    await page.goto(app.url)
    await until(async () => (await page.getByRole('list', { name: 'Projects' }).getByRole('link').count()) === 1, { what: 'one project card' })
    await page.getByText('1 task', { exact: true }).waitFor()
    await screenshot(page, 'projects')
  })
})
