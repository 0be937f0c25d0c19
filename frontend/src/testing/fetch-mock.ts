import { vi } from 'vitest'

type Handler = unknown | ((req: { url: string; method: string; body: unknown }) => unknown)

/** A JSON answer with a status other than 200. */
export class Reply {
  constructor(
    readonly status: number,
    readonly body?: unknown,
  ) {}
}

export interface FetchCall {
  method: string
  url: string
  body: unknown
}

/**
 * Replaces global fetch with a router: keys are "METHOD /path" (query string ignored unless the
 * key has one). Handlers return a JSON body, a Reply, or throw. Unknown routes answer 404.
 */
export function mockFetch(routes: Record<string, Handler>) {
  const calls: FetchCall[] = []
  const fn = vi.fn(async (input: RequestInfo | URL, init?: RequestInit) => {
    const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url
    const method = (init?.method ?? 'GET').toUpperCase()
    const body = init?.body ? JSON.parse(String(init.body)) : undefined
    calls.push({ method, url, body })
    const path = url.replace(/^https?:\/\/[^/]+/, '')
    const handler = routes[`${method} ${path}`] ?? routes[`${method} ${path.split('?')[0]}`]
    if (handler === undefined) return json(404, { error: { code: 'NOT_FOUND', message: 'not found' } })
    const result = typeof handler === 'function' ? await (handler as (r: unknown) => unknown)({ url: path, method, body }) : handler
    if (result instanceof Reply) return json(result.status, result.body)
    return json(200, result)
  })
  vi.stubGlobal('fetch', fn)
  return {
    fn,
    calls,
    /** Calls whose "METHOD path" starts with the given prefix. */
    count: (prefix: string) => calls.filter((c) => `${c.method} ${c.url}`.startsWith(prefix)).length,
    set: (key: string, handler: Handler) => {
      routes[key] = handler
    },
  }
}

function json(status: number, body: unknown) {
  return new Response(status === 204 || body === undefined ? null : JSON.stringify(body), {
    status,
    headers: { 'Content-Type': 'application/json' },
  })
}
