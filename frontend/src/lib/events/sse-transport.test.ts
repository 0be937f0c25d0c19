import { http, HttpResponse } from 'msw'
import { describe, expect, it } from 'vitest'
import { apiError, server } from '@/testing/server'
import type { SseMessage } from './sse-parser'
import { fetchTransport, StreamError } from './sse-transport'

const EVENTS = '/api/projects/p1/events'

/** Runs the real transport against the test network and collects what it delivered. */
function open(headers: Record<string, string> = { Accept: 'text/event-stream' }) {
  const messages: SseMessage[] = []
  const controller = new AbortController()
  const done = fetchTransport({ url: EVENTS, headers, signal: controller.signal, onMessage: (m) => messages.push(m) })
  return { messages, done, controller }
}

/** A streamed body whose chunks split events (and lines) anywhere. */
function eventStream(...chunks: string[]) {
  const encoder = new TextEncoder()
  const body = new ReadableStream<Uint8Array>({
    start(controller) {
      for (const c of chunks) controller.enqueue(encoder.encode(c))
      controller.close()
    },
  })
  return new HttpResponse(body, { headers: { 'Content-Type': 'text/event-stream;charset=UTF-8' } })
}

describe('fetchTransport', () => {
  it('sends the request headers and delivers each event of the body, then resolves when the server closes', async () => {
    let seen: Headers | undefined
    server.use(
      http.get(EVENTS, ({ request }) => {
        seen = request.headers
        return eventStream('event: connected\nid: 1\ndata: {"connection_id":"c1"}\n\nevent: agent:l', 'og\ndata: {"line":"a"}\n', '\n')
      }),
    )
    const { messages, done } = open({ Accept: 'text/event-stream', 'Last-Event-ID': '41' })
    await expect(done).resolves.toBeUndefined()
    expect(seen?.get('Accept')).toBe('text/event-stream')
    expect(seen?.get('Last-Event-ID')).toBe('41')
    expect(messages).toEqual([
      { event: 'connected', id: '1', data: '{"connection_id":"c1"}' },
      { event: 'agent:log', data: '{"line":"a"}' },
    ])
  })

  it('turns a refusal into a StreamError with the status and the server’s error body', async () => {
    server.use(http.get(EVENTS, () => apiError(404, 'NOT_FOUND', 'no such project')))
    const { done } = open()
    const error = await done.catch((e: unknown) => e)
    expect(error).toBeInstanceOf(StreamError)
    expect(error).toMatchObject({ status: 404, code: 'NOT_FOUND', message: 'no such project' })
  })

  it('a network failure is a StreamError with status 0', async () => {
    server.use(http.get(EVENTS, () => HttpResponse.error()))
    const { done } = open()
    await expect(done).rejects.toMatchObject({ name: 'StreamError', status: 0 })
  })
})
