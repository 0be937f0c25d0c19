import type { ProjectEvent } from '@/types/api'
import type { SseMessage } from './sse-parser'
import { StreamError, type StreamTransport } from './sse-transport'

/**
 * - `connecting`: first attempt, nothing received yet
 * - `live`: the `connected` event arrived; the cache is kept current by events
 * - `reconnecting`: the stream dropped; retrying with backoff (the board polls meanwhile)
 * - `offline`: 5 attempts in a row failed; still retrying every 30 s, and a Reconnect button shows
 * - `unavailable`: the server refused the stream for good (401/403/404/405/406); the board polls
 */
export type ConnectionState = 'connecting' | 'live' | 'reconnecting' | 'offline' | 'unavailable'

/** Seconds between attempts: 1, 2, 4, 8, 16, then 30 for every further one. */
export const BACKOFF_MS = [1000, 2000, 4000, 8000, 16000, 30000]
export const FAILURES_BEFORE_MANUAL = 5
/** No byte for this long (the server sends a heartbeat every 30 s) means the stream is dead. */
export const STALE_AFTER_MS = 75_000

export interface EventStreamOptions {
  /** The project whose stream to read; without one, the user-level stream of all projects (`/api/events`). */
  projectId?: string
  transport: StreamTransport
  onEvent: (event: ProjectEvent) => void
  onState: (state: ConnectionState, detail: { failures: number; error?: string }) => void
  /** `subscribe_logs` entries for a new connection, e.g. `["<run>@42"]`. */
  logSubscriptions: () => string[]
  staleAfterMs?: number
}

export class ProjectEventStream {
  private lastEventId: string | undefined
  private failures = 0
  private controller: AbortController | undefined
  private retryTimer: ReturnType<typeof setTimeout> | undefined
  private staleTimer: ReturnType<typeof setInterval> | undefined
  private lastActivity = 0
  private stopped = false
  private attempt = 0
  state: ConnectionState = 'connecting'

  constructor(private readonly options: EventStreamOptions) {}

  start() {
    this.stopped = false
    void this.connect()
  }

  stop() {
    this.stopped = true
    clearTimeout(this.retryTimer)
    clearInterval(this.staleTimer)
    this.controller?.abort()
  }

  /** The Reconnect button: try now instead of waiting for the next backoff step. */
  reconnectNow() {
    if (this.stopped) return
    clearTimeout(this.retryTimer)
    this.controller?.abort()
    this.setState('reconnecting')
    void this.connect()
  }

  get resumeId() {
    return this.lastEventId
  }

  private url() {
    const { projectId } = this.options
    const base = projectId === undefined ? '/api/events' : `/api/projects/${encodeURIComponent(projectId)}/events`
    const logs = this.options.logSubscriptions()
    return logs.length ? `${base}?subscribe_logs=${encodeURIComponent(logs.join(','))}` : base
  }

  private async connect() {
    const attempt = ++this.attempt
    const controller = new AbortController()
    this.controller = controller
    const headers: Record<string, string> = { Accept: 'text/event-stream' }
    // Resume: the server replays every id'd event after this one, or sends `resync`.
    if (this.lastEventId !== undefined) headers['Last-Event-ID'] = this.lastEventId
    this.armStaleTimer(controller)
    try {
      await this.options.transport({
        url: this.url(),
        headers,
        signal: controller.signal,
        onMessage: (message) => {
          if (attempt !== this.attempt) return
          this.lastActivity = Date.now()
          this.handle(message)
        },
      })
      if (attempt !== this.attempt || this.stopped) return
      // The server closed the stream (its connection timeout): resume at once, as a drop.
      this.scheduleReconnect('the stream ended')
    } catch (e) {
      if (attempt !== this.attempt || this.stopped) return
      const error = e instanceof StreamError ? e : new StreamError(0, String(e))
      // refused for good: not signed in, not yours, no such project, or no stream at this URL
      if ([401, 403, 404, 405, 406].includes(error.status)) {
        clearInterval(this.staleTimer)
        this.setState('unavailable', error.message)
        return
      }
      this.scheduleReconnect(error.message)
    }
  }

  // One interval per connection, not a timer per message: a fast log stream sends thousands.
  private armStaleTimer(controller: AbortController) {
    clearInterval(this.staleTimer)
    this.lastActivity = Date.now()
    const staleAfter = this.options.staleAfterMs ?? STALE_AFTER_MS
    this.staleTimer = setInterval(
      () => {
        if (this.controller !== controller || this.stopped) return
        if (Date.now() - this.lastActivity < staleAfter) return
        controller.abort()
        this.attempt++
        this.scheduleReconnect('no heartbeat')
      },
      Math.min(1000, staleAfter / 4),
    )
  }

  private scheduleReconnect(reason: string) {
    clearInterval(this.staleTimer)
    this.controller?.abort()
    this.failures++
    const delay = BACKOFF_MS[Math.min(this.failures - 1, BACKOFF_MS.length - 1)]
    this.setState(this.failures >= FAILURES_BEFORE_MANUAL ? 'offline' : 'reconnecting', reason)
    clearTimeout(this.retryTimer)
    this.retryTimer = setTimeout(() => void this.connect(), delay)
  }

  private handle(message: SseMessage) {
    let data: unknown
    try {
      data = JSON.parse(message.data)
    } catch {
      return // not ours to guess at
    }
    if (message.id !== undefined) this.lastEventId = message.id
    const event = { type: message.event, id: message.id, data } as ProjectEvent
    if (event.type === 'connected') {
      this.failures = 0
      this.setState('live')
    }
    this.options.onEvent(event)
  }

  private setState(state: ConnectionState, error?: string) {
    this.state = state
    this.options.onState(state, { failures: this.failures, error })
  }
}
