// Opt-in browser notifications against the real jar: the header's bell asks for the permission
// (granted here by the browser context), and a worker that finishes fires a notification; while the
// page is not looked at, the tab title counts what happened.
import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { startApp } from '../lib/app.mjs'
import { launch, screenshot } from '../lib/browser.mjs'
import { until } from '../lib/wait.mjs'

describe('notifications (real jar, demo runtime)', () => {
  let app
  let context
  let page

  before(async () => {
    app = await startApp()
    context = await launch()
    await context.grantPermissions(['notifications'], { origin: app.url })
    // a spy that still is the real Notification: it records each one the page makes
    await context.addInitScript(() => {
      const Real = window.Notification
      window.__notifications = []
      if (!Real) return
      class Spy extends Real {
        constructor(title, options) {
          window.__notifications.push({ title, body: options?.body, tag: options?.tag })
          super(title, options)
        }
      }
      window.Notification = Spy
    })
    page = await context.newPage()
  })

  after(async () => {
    await context?.close()
    await app?.stop()
    app?.cleanup()
  })

  const notifications = () => page.evaluate(() => window.__notifications)

  it('switches notifications on from the header bell, and remembers it', async () => {
    await page.goto(app.url)
    const bell = page.getByRole('button', { name: 'Notifications' })
    assert.equal(await bell.getAttribute('aria-pressed'), 'false')
    await bell.click()
    await until(async () => (await bell.getAttribute('aria-pressed')) === 'true', { what: 'the bell on' })
    assert.equal(await page.evaluate(() => Notification.permission), 'granted')
    await page.reload()
    await until(async () => (await page.getByRole('button', { name: 'Notifications' }).getAttribute('aria-pressed')) === 'true', {
      what: 'the bell still on after a reload',
    })
  })

  it('fires a notification when the worker of s1 completes, and counts it in the title while unfocused', async () => {
    await page.getByRole('button', { name: 'Add sample project' }).click()
    await page.waitForURL(/\/projects\/[0-9a-f-]{36}$/)
    await page.getByText('No tasks yet').waitFor()
    await page.getByText('Live', { exact: true }).waitFor({ timeout: 30_000 })

    await page.getByRole('button', { name: 'New task' }).click()
    const dialog = page.getByRole('dialog', { name: 'New task' })
    await dialog.getByLabel('Title').fill('Add due dates')
    await dialog.getByLabel('Description').fill('Items get an optional due date, shown on the list.')
    await dialog.getByRole('button', { name: 'Create task' }).click()
    await dialog.waitFor({ state: 'detached' })
    const group = page.getByRole('region', { name: 'Add due dates' })
    await group.getByText('Active', { exact: true }).waitFor({ timeout: 120_000 })
    // the planner's success was one already
    await until(async () => (await notifications()).some((n) => /is planned$/.test(n.title)), { what: 'the planner notification' })

    // nobody looks at the page from now on: what happens counts in the title
    const baseTitle = await page.title()
    await page.evaluate(() => {
      window.__realHasFocus = document.hasFocus
      document.hasFocus = () => false
    })
    const before = (await notifications()).length
    await group.getByRole('button', { name: 'Start s1' }).click()
    const fired = await until(
      async () => (await notifications()).slice(before).find((n) => n.title === 'Subtask s1 finished'),
      { timeout: 120_000, what: 'a notification for s1' },
    )
    assert.match(fired.tag, /^subtask:[0-9a-f-]{36}$/)
    assert.match(await page.title(), /^\(\d+\) /, 'the title counts it')
    await screenshot(page, 'notifications')

    // looked at again: the count goes
    await page.evaluate(() => {
      document.hasFocus = window.__realHasFocus
      window.dispatchEvent(new Event('focus'))
    })
    await until(async () => (await page.title()) === baseTitle.replace(/^\(\d+\) /, ''), { what: 'the title without its count' })
  })
})
