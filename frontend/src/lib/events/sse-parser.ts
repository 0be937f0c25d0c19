/** One dispatched Server-Sent Event (WHATWG HTML §9.2 "event stream interpretation"). */
export interface SseMessage {
  event: string
  data: string
  id?: string
  retry?: number
}

/**
 * Incremental text/event-stream parser: feed it decoded chunks in any split, it calls `onMessage`
 * for each complete event. Handles LF, CRLF and CR line ends, comments and the `retry` field.
 */
export class SseParser {
  private buffer = ''
  private data: string[] = []
  private event = ''
  private id: string | undefined
  private retry: number | undefined
  private pendingCr = false

  constructor(private readonly onMessage: (message: SseMessage) => void) {}

  feed(chunk: string) {
    let text = chunk
    if (this.pendingCr) {
      // a CR ended the previous chunk; a LF starting this one belongs to it
      if (text.startsWith('\n')) text = text.slice(1)
      this.pendingCr = false
    }
    this.buffer += text
    let start = 0
    for (let i = 0; i < this.buffer.length; i++) {
      const c = this.buffer.charCodeAt(i)
      if (c !== 10 && c !== 13) continue
      this.line(this.buffer.slice(start, i))
      if (c === 13) {
        if (i + 1 === this.buffer.length) this.pendingCr = true
        else if (this.buffer.charCodeAt(i + 1) === 10) i++
      }
      start = i + 1
    }
    this.buffer = this.buffer.slice(start)
  }

  private line(line: string) {
    if (line === '') {
      this.dispatch()
      return
    }
    if (line.startsWith(':')) return
    const colon = line.indexOf(':')
    const field = colon === -1 ? line : line.slice(0, colon)
    let value = colon === -1 ? '' : line.slice(colon + 1)
    if (value.startsWith(' ')) value = value.slice(1)
    switch (field) {
      case 'event':
        this.event = value
        break
      case 'data':
        this.data.push(value)
        break
      case 'id':
        if (!value.includes('\0')) this.id = value
        break
      case 'retry':
        if (/^\d+$/.test(value)) this.retry = Number(value)
        break
    }
  }

  private dispatch() {
    const hasData = this.data.length > 0
    const message: SseMessage = { event: this.event || 'message', data: this.data.join('\n') }
    if (this.id !== undefined) message.id = this.id
    if (this.retry !== undefined) message.retry = this.retry
    this.data = []
    this.event = ''
    this.id = undefined
    this.retry = undefined
    if (hasData) this.onMessage(message)
  }
}
