// A small fake of GitHub's OAuth web flow and `GET /user`, for signing in through the real jar in a
// real browser. It speaks what the app's OAuth client (Spring Security) sends and reads:
//   GET  <web>/login/oauth/authorize     an "Authorize" page (client_id, redirect_uri, scope, state)
//   POST <web>/login/oauth/authorize     the user's approval: 302 to redirect_uri?code=&state=
//   POST <web>/login/oauth/access_token  code → token (client secret basic or in the form); a code works once;
//                                        JSON with Accept: application/json, else form-encoded, as GitHub does
//   GET  <api>/user                      the profile for `Authorization: Bearer|token <token>`
//   GET  <web>/avatars/u/<id>            a tiny SVG, so the header's <img> really loads
// The API lives under /api/v3, the way GitHub Enterprise serves it, so GITHUB_URL and GITHUB_API_URL
// differ like they do in a real install. Every request is recorded for the tests to assert on.
import { randomBytes } from 'node:crypto'
import { createServer } from 'node:http'

export const API_PREFIX = '/api/v3'

const html = (s) => String(s).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`)

/**
 * @param {object} options
 * @param {{id: number, login: string, name: string}} options.user the account that approves in the browser
 * @param {string} options.clientId the OAuth app's Client ID
 * @param {string} options.clientSecret its client secret
 * @param {string} [options.callback] the registered callback URL; when set, another redirect_uri is refused like GitHub does
 */
export async function startFakeGitHub({ user, clientId, clientSecret, callback }) {
  const requests = []
  const codes = new Map() // code -> { login, redirectUri }
  const token = `gho_${randomBytes(18).toString('hex')}`
  let server

  const send = (res, status, body, headers = {}) => {
    const text = typeof body === 'string' ? body : JSON.stringify(body)
    res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8', ...headers })
    res.end(text)
  }

  const authorizePage = (params) => {
    const hidden = ['client_id', 'redirect_uri', 'state', 'scope']
      .map((k) => `<input type="hidden" name="${k}" value="${html(params.get(k) ?? '')}">`)
      .join('')
    return `<!doctype html><html><head><meta charset="utf-8"><title>Authorize application</title></head>
<body><main><h1>Authorize Intern Village (fake GitHub)</h1>
<p>Signed in as <strong>${html(user.login)}</strong>. Scopes: <code>${html(params.get('scope') ?? '')}</code></p>
<form method="post" action="/login/oauth/authorize">${hidden}<button type="submit">Authorize</button></form>
</main></body></html>`
  }

  /** GitHub's checks before it shows the page or issues a code. */
  const refusal = (params) => {
    if (params.get('client_id') !== clientId) return 'unknown client_id'
    const redirect = params.get('redirect_uri')
    if (!redirect) return 'no redirect_uri'
    if (callback && redirect !== callback) return `redirect_uri ${redirect} is not the registered callback`
    return null
  }

  const handle = async (req, res) => {
    const url = new URL(req.url, 'http://fake')
    const chunks = []
    for await (const c of req) chunks.push(c)
    const body = Buffer.concat(chunks).toString('utf8')
    requests.push({ method: req.method, path: url.pathname, query: Object.fromEntries(url.searchParams), headers: req.headers, body })
    const route = `${req.method} ${url.pathname}`

    if (route === 'GET /login/oauth/authorize') {
      const problem = refusal(url.searchParams)
      if (problem) return send(res, 400, { error: problem })
      return send(res, 200, authorizePage(url.searchParams), { 'Content-Type': 'text/html; charset=utf-8' })
    }
    if (route === 'POST /login/oauth/authorize') {
      const form = new URLSearchParams(body)
      const problem = refusal(form)
      if (problem) return send(res, 400, { error: problem })
      const code = randomBytes(10).toString('hex')
      codes.set(code, { login: user.login, redirectUri: form.get('redirect_uri') })
      const back = new URL(form.get('redirect_uri'))
      back.searchParams.set('code', code)
      back.searchParams.set('state', form.get('state') ?? '')
      res.writeHead(302, { Location: back.toString() })
      return res.end()
    }
    if (route === 'POST /login/oauth/access_token') {
      const form = new URLSearchParams(body)
      let id = form.get('client_id')
      let secret = form.get('client_secret')
      const basic = /^Basic (.+)$/i.exec(req.headers.authorization ?? '')
      if (basic) {
        const [u, p] = Buffer.from(basic[1], 'base64').toString('utf8').split(':')
        id = decodeURIComponent(u)
        secret = decodeURIComponent(p ?? '')
      }
      const grant = codes.get(form.get('code') ?? '')
      codes.delete(form.get('code') ?? '') // a code works once, used or not
      let answer
      if (id !== clientId || secret !== clientSecret) {
        answer = { error: 'incorrect_client_credentials', error_description: 'The client_id and/or client_secret passed are incorrect.' }
      } else if (!grant || (form.get('redirect_uri') && form.get('redirect_uri') !== grant.redirectUri)) {
        // GitHub answers 200 with an error body for a used or unknown code
        answer = { error: 'bad_verification_code', error_description: 'The code passed is incorrect or expired.' }
      } else {
        answer = { access_token: token, token_type: 'bearer', scope: 'read:user,repo' }
      }
      if ((req.headers.accept ?? '').includes('application/json')) return send(res, 200, answer)
      return send(res, 200, new URLSearchParams(answer).toString(), { 'Content-Type': 'application/x-www-form-urlencoded' })
    }
    if (req.method === 'GET' && url.pathname.startsWith('/avatars/u/')) {
      return send(res, 200, `<svg xmlns="http://www.w3.org/2000/svg" width="40" height="40"><circle cx="20" cy="20" r="20" fill="#6e40c9"/></svg>`, {
        'Content-Type': 'image/svg+xml',
      })
    }
    if (route === `GET ${API_PREFIX}/user`) {
      const presented = (req.headers.authorization ?? '').replace(/^(bearer|token) /i, '')
      if (presented !== token) return send(res, 401, { message: 'Bad credentials', documentation_url: 'https://docs.github.com/rest' })
      return send(res, 200, { login: user.login, id: user.id, avatar_url: `${fake.url}/avatars/u/${user.id}`, name: user.name, type: 'User' })
    }
    return send(res, 404, { message: 'Not Found', documentation_url: 'https://docs.github.com/rest' })
  }

  server = createServer((req, res) => {
    handle(req, res).catch((e) => send(res, 500, { message: `fake GitHub failed: ${e.message}` }))
  })
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve))
  const fake = {
    url: `http://127.0.0.1:${server.address().port}`,
    get apiUrl() {
      return `${fake.url}${API_PREFIX}`
    },
    token,
    requests,
    /** Recorded requests with this method whose path starts with `prefix`. */
    recorded: (method, prefix) => requests.filter((r) => r.method === method && r.path.startsWith(prefix)),
    close: () => new Promise((resolve) => (server.closeAllConnections(), server.close(resolve))),
  }
  return fake
}
