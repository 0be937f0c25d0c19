import type { SseMessage } from '@/lib/events/sse-parser'
import { StreamError, type StreamRequest, type StreamTransport } from '@/lib/events/sse-transport'

/** One connection opened through the fake transport; the test plays the server. */
export class FakeConnection {
  closed = false
  private resolve!: () => void
  private reject!: (e: unknown) => void
  readonly done: Promise<void>

  constructor(readonly request: StreamRequest) {
    this.done = new Promise<void>((resolve, reject) => {
      this.resolve = resolve
      this.reject = reject
    })
    request.signal.addEventListener('abort', () => this.end())
  }

  get url() {
    return this.request.url
  }

  header(name: string) {
    return this.request.headers[name]
  }

  send(event: string, data: unknown, id?: string | number) {
    if (this.closed) throw new Error('connection closed')
    const message: SseMessage = { event, data: JSON.stringify(data) }
    if (id !== undefined) message.id = String(id)
    this.request.onMessage(message)
  }

  connected(connectionId = 'c1', activeRuns: unknown[] = []) {
    this.send('connected', { connection_id: connectionId, project_id: 'p1', active_runs: activeRuns })
  }

  /** The server ends the stream normally. */
  end() {
    if (this.closed) return
    this.closed = true
    this.resolve()
  }

  /** The stream is refused or breaks. */
  fail(status = 0, message = 'broken') {
    if (this.closed) return
    this.closed = true
    this.reject(new StreamError(status, message))
  }
}

/**
 * A test double of `StreamTransport`, our own seam between the event stream and the network (not a
 * network mock): the test opens, feeds, ends and breaks each connection at the exact step it wants,
 * with fake timers, which a mocked HTTP body cannot do in order. The real transport over fetch is
 * tested against the mocked network in sse-transport.test.ts.
 */
export function fakeTransport() {
  const connections: FakeConnection[] = []
  const transport: StreamTransport = (request) => {
    const c = new FakeConnection(request)
    connections.push(c)
    return c.done
  }
  return {
    transport,
    connections,
    get last() {
      return connections[connections.length - 1]
    },
  }
}
