import { describe, expect, it } from 'vitest'
import { SseParser, type SseMessage } from './sse-parser'

function parse(...chunks: string[]) {
  const out: SseMessage[] = []
  const p = new SseParser((m) => out.push(m))
  for (const c of chunks) p.feed(c)
  return out
}

describe('SseParser', () => {
  it('reads event, id, data and retry', () => {
    expect(parse('retry: 1000\nevent: connected\nid: 7\ndata: {"a":1}\n\n')).toEqual([
      { event: 'connected', id: '7', data: '{"a":1}', retry: 1000 },
    ])
  })

  it('joins events split anywhere across chunks, with CRLF and CR line ends', () => {
    const text = 'event: agent:log\r\ndata: {"x":1}\r\n\r\nevent: heartbeat\rdata: {}\r\r'
    for (let cut = 1; cut < text.length; cut++) {
      expect(parse(text.slice(0, cut), text.slice(cut))).toEqual([
        { event: 'agent:log', data: '{"x":1}' },
        { event: 'heartbeat', data: '{}' },
      ])
    }
  })

  it('skips comments and events without data, and joins multi-line data', () => {
    expect(parse(': keep-alive\n\nevent: x\n\ndata: a\ndata: b\n\n')).toEqual([{ event: 'message', data: 'a\nb' }])
  })
})
