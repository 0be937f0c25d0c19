import { SseParser, type SseMessage } from './sse-parser'

/** Thrown when the server refuses or breaks the stream; `status` is 0 for network failures. */
export class StreamError extends Error {
  readonly status: number
  readonly code: string | undefined

  constructor(status: number, message: string, code?: string) {
    super(message)
    this.name = 'StreamError'
    this.status = status
    this.code = code
  }
}

export interface StreamRequest {
  url: string
  headers: Record<string, string>
  signal: AbortSignal
  onMessage: (message: SseMessage) => void
}

/**
 * Opens one event stream and reads it until it ends. Resolves when the server closes it, rejects
 * with a StreamError when it is refused or breaks. Injected so tests can drive a fake stream.
 */
export type StreamTransport = (request: StreamRequest) => Promise<void>

/**
 * The browser transport: fetch + a streaming body reader instead of EventSource, because
 * EventSource cannot send `Last-Event-ID` on a connection it opens itself, hides the status of a
 * refusal (404, 429) and reconnects on its own schedule rather than our backoff.
 */
export const fetchTransport: StreamTransport = async ({ url, headers, signal, onMessage }) => {
  let response: Response
  try {
    response = await fetch(url, { headers, signal, credentials: 'same-origin', cache: 'no-store' })
  } catch (e) {
    if (signal.aborted) return
    throw new StreamError(0, (e as Error).message || 'network error')
  }
  if (!response.ok || !response.body) {
    let code: string | undefined
    let message = `the event stream answered ${response.status}`
    try {
      const body = (await response.json()) as { error?: { code?: string; message?: string } }
      code = body.error?.code
      message = body.error?.message ?? message
    } catch {
      // not JSON: keep the generic message
    }
    throw new StreamError(response.status, message, code)
  }
  const type = response.headers.get('Content-Type') ?? ''
  if (!type.startsWith('text/event-stream')) {
    await response.body.cancel()
    throw new StreamError(response.status, `the events endpoint answered ${type || 'no content type'}`)
  }
  const parser = new SseParser(onMessage)
  const reader = response.body.pipeThrough(new TextDecoderStream()).getReader()
  try {
    for (;;) {
      const { value, done } = await reader.read()
      if (done) return
      parser.feed(value)
    }
  } catch (e) {
    if (signal.aborted) return
    throw new StreamError(0, (e as Error).message || 'the stream broke')
  } finally {
    reader.releaseLock()
  }
}
