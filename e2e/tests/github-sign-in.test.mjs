// GitHub sign-in (AUTH_MODE=github) through the real jar in a real browser, against a fake GitHub on
// a local port (fake/github.mjs): the sign-in page, the OAuth round trip, the session cookie, sign out,
// and a forged state and a replayed code refused.
import assert from 'node:assert/strict'
import { randomBytes } from 'node:crypto'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { after, before, describe, it } from 'node:test'
import { randomPort, startApp } from '../lib/app.mjs'
import { launch, screenshot } from '../lib/browser.mjs'
import { startFakeGitHub } from '../fake/github.mjs'

const USER = { id: 583231, login: 'octo-e2e', name: 'Octo E2E' }
const CLIENT_ID = 'Iv1.e2e-client'
const CLIENT_SECRET = randomBytes(20).toString('hex')

/** `GET /api/auth/me` from the page itself, with the browser's own cookies. */
const me = (page) =>
  page.evaluate(async () => {
    const r = await fetch('/api/auth/me')
    return { status: r.status, body: await r.json().catch(() => null) }
  })

/**
 * Starts a sign-in at /api/auth/github and stops on GitHub's authorize page without approving: the
 * app has stored its authorization request (and its state) in the browser's session. Returns that state.
 */
async function startButStopAtGitHub(page, app, github) {
  await page.goto(`${app.url}/api/auth/github`)
  await page.getByRole('button', { name: 'Authorize' }).waitFor()
  const url = new URL(page.url())
  assert.equal(url.origin + url.pathname, `${github.url}/login/oauth/authorize`)
  const state = url.searchParams.get('state')
  assert.ok(state, 'the app sent a state to GitHub')
  return state
}

describe('GitHub sign-in in the browser (real jar, fake GitHub)', () => {
  let github
  let app
  let browser
  let page

  before(async () => {
    const port = randomPort()
    github = await startFakeGitHub({
      user: USER,
      clientId: CLIENT_ID,
      clientSecret: CLIENT_SECRET,
      callback: `http://127.0.0.1:${port}/api/auth/github/callback`,
    })
    app = await startApp({
      port,
      env: {
        AUTH_MODE: 'github',
        GITHUB_URL: github.url,
        GITHUB_API_URL: github.apiUrl,
        GITHUB_CLIENT_ID: CLIENT_ID,
        GITHUB_CLIENT_SECRET: CLIENT_SECRET,
        SESSION_SECRET: randomBytes(32).toString('hex'),
        ENCRYPTION_KEY: randomBytes(32).toString('hex'),
      },
    })
    browser = await launch()
    page = await browser.newPage()
  })

  after(async () => {
    await browser?.close()
    await app?.stop()
    app?.cleanup()
    await github?.close()
  })

  it('shows the sign-in page to a visitor who is not signed in', async () => {
    await page.goto(app.url)
    await page.waitForURL(`${app.url}/login`)
    await page.getByRole('link', { name: 'Sign in with GitHub' }).waitFor()
    assert.equal((await me(page)).status, 401)
    assert.equal((await page.context().cookies(app.url)).find((c) => c.name === 'iv_session'), undefined)
  })

  it('signs in through GitHub and comes back to / with the user in the header', async () => {
    await page.getByRole('link', { name: 'Sign in with GitHub' }).click()
    // GitHub's side: the authorize page of the fake, reached with the app's client id, scopes and state
    await page.waitForURL((u) => u.href.startsWith(`${github.url}/login/oauth/authorize?`))
    const authorize = new URL(page.url()).searchParams
    assert.equal(authorize.get('client_id'), CLIENT_ID)
    assert.equal(authorize.get('redirect_uri'), `${app.url}/api/auth/github/callback`)
    assert.deepEqual(authorize.get('scope').split(/[ ,]/).sort(), ['read:user', 'repo'])
    assert.ok((authorize.get('state') ?? '').length >= 16, 'a real state')
    await page.getByText(`Signed in as ${USER.login}`).waitFor()
    await page.getByRole('button', { name: 'Authorize' }).click()

    await page.waitForURL(`${app.url}/`)
    const header = page.getByRole('banner')
    await header.getByText(USER.login, { exact: true }).waitFor()
    const avatar = header.locator(`img[src="${github.url}/avatars/u/${USER.id}"]`)
    await avatar.waitFor()
    assert.ok(await avatar.evaluate((img) => img.complete && img.naturalWidth > 0), 'the avatar loaded')
    await page.getByText('No projects yet').waitFor()
    await screenshot(page, 'github-signed-in')

    // the app exchanged the code once, with its client secret, and read the profile with the token
    const exchanges = github.recorded('POST', '/login/oauth/access_token')
    assert.equal(exchanges.length, 1)
    assert.equal(new URLSearchParams(exchanges[0].body).get('grant_type'), 'authorization_code')
    const profile = github.recorded('GET', '/api/v3/user')
    assert.equal(profile.length, 1)
    assert.match(profile[0].headers.authorization, new RegExp(`^(Bearer|token) ${github.token}$`, 'i'))
  })

  it('keeps the session in an HttpOnly, SameSite=Lax cookie and answers /api/auth/me', async () => {
    const cookie = (await page.context().cookies(app.url)).find((c) => c.name === 'iv_session')
    assert.ok(cookie, 'iv_session is set')
    assert.equal(cookie.httpOnly, true)
    assert.equal(cookie.sameSite, 'Lax')
    assert.equal(cookie.secure, false, 'plain http here; Secure only over https')
    assert.equal(cookie.path, '/')
    assert.ok(cookie.expires * 1000 > Date.now() + 24 * 3600_000, 'a persistent cookie with an expiry')
    assert.doesNotMatch(await page.evaluate(() => document.cookie), /iv_session/, 'scripts cannot read it')
    assert.ok(!cookie.value.includes(github.token), 'the token is not in the cookie')

    const answer = await me(page)
    assert.equal(answer.status, 200)
    assert.equal(answer.body.github_username, USER.login)
    assert.equal(answer.body.avatar_url, `${github.url}/avatars/u/${USER.id}`)
    assert.equal(JSON.stringify(answer.body).includes(github.token), false, 'the token is never returned')
  })

  it('signs out from the header, back to the sign-in page', async () => {
    await page.getByRole('banner').getByRole('button', { name: 'Sign out', exact: true }).click()
    await page.waitForURL(`${app.url}/login`)
    await page.getByRole('link', { name: 'Sign in with GitHub' }).waitFor()
    assert.equal((await me(page)).status, 401)
    assert.equal((await page.context().cookies(app.url)).find((c) => c.name === 'iv_session'), undefined)
    // and / sends the visitor to the sign-in page again
    await page.goto(app.url)
    await page.waitForURL(`${app.url}/login`)
  })

  it('refuses a callback with a forged state, even while a sign-in is under way', async () => {
    const exchangesBefore = github.recorded('POST', '/login/oauth/access_token').length
    const realState = await startButStopAtGitHub(page, app, github)
    const response = await page.goto(`${app.url}/api/auth/github/callback?code=x&state=forged`)
    assert.equal(response.status(), 401)
    assert.equal((await response.json()).error.code, 'UNAUTHORIZED')
    assert.notEqual(realState, 'forged')
    assert.equal(github.recorded('POST', '/login/oauth/access_token').length, exchangesBefore, 'no code was exchanged')
    assert.equal((await me(page)).status, 401)
    assert.equal((await page.context().cookies(app.url)).find((c) => c.name === 'iv_session'), undefined)
  })

  it('refuses a replayed code with a fresh, valid state', async () => {
    // the code of the first sign-in, as it came back on the callback URL
    const firstCode = github.recorded('POST', '/login/oauth/access_token').map((r) => new URLSearchParams(r.body).get('code'))[0]
    assert.ok(firstCode)
    const state = await startButStopAtGitHub(page, app, github)
    const exchangesBefore = github.recorded('POST', '/login/oauth/access_token').length
    const response = await page.goto(`${app.url}/api/auth/github/callback?code=${firstCode}&state=${encodeURIComponent(state)}`)
    assert.equal(response.status(), 401)
    assert.equal(github.recorded('POST', '/login/oauth/access_token').length, exchangesBefore + 1, 'the state passed; GitHub refused the used code')
    assert.match((await response.json()).error.message, /GitHub sign-in failed/)
    assert.equal((await me(page)).status, 401)
    await page.goto(app.url)
    await page.waitForURL(`${app.url}/login`)
  })

  it('never writes the GitHub token into the app log', async () => {
    const log = readFileSync(join(app.dataDir, 'app.log'), 'utf8')
    assert.match(log, new RegExp(`GitHub user ${USER.login} signed in`))
    assert.ok(!log.includes(github.token), 'the token is not in the log')
  })
})
