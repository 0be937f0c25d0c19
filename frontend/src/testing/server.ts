import { http, HttpResponse } from 'msw'
import { setupServer } from 'msw/node'

/**
 * The network of every test (MSW intercepts `fetch`). A test adds the routes it needs with
 * `server.use(http.get('/api/...', ...))`; they are dropped after each test, and a request no route
 * answers fails the test (see setup.ts). The one route every test has is the server's agent settings,
 * which the app shell asks once: a sandboxed server, unless a test says otherwise; and the header's
 * needs-you inbox, empty.
 */
export const server = setupServer(
  http.get('/api/settings', () => HttpResponse.json({ agents: { runtime: 'demo', sandbox: 'bwrap', network: 'on', max_retries: 3, takes_input: false } })),
  // the header's needs-you count: an empty inbox unless a test says otherwise
  http.get('/api/needs-you', () => HttpResponse.json({ items: [] })),
)

export interface SeenRequest {
  method: string
  /** Path and query string, e.g. `/api/runs/r1/logs?from_line=1&limit=10000`. */
  path: string
}

/** Records every request from now on, in the order they were sent, for assertions on traffic. */
export function recordRequests() {
  const seen: SeenRequest[] = []
  server.events.on('request:start', ({ request }) => {
    const url = new URL(request.url)
    seen.push({ method: request.method, path: url.pathname + url.search })
  })
  return {
    seen,
    /** Requests whose "METHOD path" starts with the given prefix, e.g. `GET /api/runs/r1/logs`. */
    count: (prefix: string) => seen.filter((r) => `${r.method} ${r.path}`.startsWith(prefix)).length,
  }
}

/** The server's error body, `{"error":{"code","message"}}`, with its status. */
export function apiError(status: number, code: string, message: string) {
  return HttpResponse.json({ error: { code, message } }, { status })
}

/** An empty 204 answer. */
export function noContent() {
  return new HttpResponse(null, { status: 204 })
}
