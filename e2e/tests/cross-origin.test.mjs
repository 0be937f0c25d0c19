// A web page of another origin on this machine cannot make the local app do anything, in a real
// browser against the real jar: a page served by a small Node server on another port of 127.0.0.1
// (the same site as the app, a different origin) tries fetch() and a form POST, and a page on a made-up
// host name that Chromium resolves to 127.0.0.1 (DNS rebinding) tries to load the app. The app's own
// page, as the control, can write.
import assert from 'node:assert/strict'
import { createServer } from 'node:http'
import { after, before, describe, it } from 'node:test'
import { startApp } from '../lib/app.mjs'
import { launch } from '../lib/browser.mjs'

const REBIND_HOST = 'rebind.example'

/** The other program's page: it knows where the app listens and tries to add a project there. */
function attackerPage(appUrl) {
  return `<!doctype html>
<html><head><title>Another page</title></head><body>
<form id="form" method="POST" action="${appUrl}/api/projects/demo"></form>
<script>
  // each attempt sends its request; what the app answered is read from the browser's network events
  window.attempts = async () => {
    const outcomes = {}
    const attempt = async (name, init) => {
      try {
        const r = await fetch(${JSON.stringify(appUrl)} + '/api/projects/demo?attempt=' + name, { method: 'POST', ...init })
        outcomes[name] = 'status ' + r.status
      } catch (e) {
        outcomes[name] = 'rejected'
      }
    }
    await attempt('cors', {})
    await attempt('no-cors', { mode: 'no-cors' })
    await attempt('no-cors with a text body', { mode: 'no-cors', headers: { 'Content-Type': 'text/plain' }, body: '{}' })
    return outcomes
  }
</script>
</body></html>`
}

function listen(server) {
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server.address().port)))
}

describe('cross-origin writes and DNS rebinding (real jar, Chromium)', () => {
  let app
  let attacker
  let attackerUrl
  let browser

  before(async () => {
    app = await startApp()
    attacker = createServer((req, res) => {
      res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' })
      res.end(attackerPage(app.url))
    })
    attackerUrl = `http://127.0.0.1:${await listen(attacker)}`
    browser = await launch({ args: [`--host-resolver-rules=MAP ${REBIND_HOST} 127.0.0.1`] })
  })

  after(async () => {
    await browser?.close()
    await new Promise((resolve) => (attacker ? attacker.close(resolve) : resolve()))
    await app?.stop()
    app?.cleanup()
  })

  /** The status of every answer the page got from the app to a fetch attempt, by attempt. */
  function appAnswers(page) {
    const seen = {}
    page.on('response', (r) => {
      const url = new URL(r.url())
      if (url.origin === app.url && url.searchParams.has('attempt')) seen[url.searchParams.get('attempt')] = r.status()
    })
    return seen
  }

  it("refuses fetch() and a form POST from a page on another port of 127.0.0.1, and creates nothing", async () => {
    const page = await browser.newPage()
    const answers = appAnswers(page)
    await page.goto(attackerUrl)

    const outcomes = await page.evaluate(() => window.attempts())
    // the page learns nothing: a CORS fetch fails (no CORS headers), a no-cors one gets an opaque answer
    assert.deepEqual(outcomes, { cors: 'rejected', 'no-cors': 'status 0', 'no-cors with a text body': 'status 0' })
    // the requests did reach the app, which refused them (the browser shows no answer to the failed CORS one)
    assert.deepEqual(answers, { 'no-cors': 403, 'no-cors with a text body': 403 })

    // a plain form POST navigates the browser to the app's answer
    const [response] = await Promise.all([
      page.waitForResponse((r) => r.url() === `${app.url}/api/projects/demo`),
      page.evaluate(() => document.getElementById('form').submit()),
    ])
    assert.equal(response.status(), 403)
    assert.equal((await response.json()).error.code, 'FORBIDDEN')
    const sent = await response.request().allHeaders()
    assert.equal(sent.origin, attackerUrl, 'Chromium named the other page as the origin')
    assert.equal(sent['sec-fetch-site'], 'same-site', 'and called it the same site: another port of the same host')

    const projects = await app.api('/projects')
    assert.equal(projects.status, 200)
    assert.deepEqual(projects.body, [], 'no project was created')
    await page.close()
  })

  it("lets the app's own page write (the control)", async () => {
    const page = await browser.newPage()
    await page.goto(app.url)
    const status = await page.evaluate(async () => (await fetch('/api/projects/demo', { method: 'POST' })).status)
    assert.equal(status, 201)
    assert.equal((await app.api('/projects')).body.length, 1)
    await page.close()
  })

  it('refuses a host name that resolves to 127.0.0.1 but is not the app (DNS rebinding)', async () => {
    const page = await browser.newPage()
    const before = (await app.api('/projects')).body.length
    const rebound = `http://${REBIND_HOST}:${app.port}`

    for (const path of ['/', '/api/projects', '/actuator/health']) {
      const response = await page.goto(rebound + path)
      assert.equal(response.status(), 421, path)
      assert.equal((await response.json()).error.code, 'MISDIRECTED_REQUEST', path)
    }
    // from the rebound page the app is the same origin, so the page could read answers: there are none
    const write = await page.evaluate(async () => {
      const r = await fetch('/api/projects/demo', { method: 'POST' })
      return r.status
    })
    assert.equal(write, 421)
    assert.equal((await app.api('/projects')).body.length, before, 'nothing was created')
    await page.close()
  })
})
