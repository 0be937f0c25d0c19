import { describe, expect, it } from 'vitest'
import { LogBuffer } from './log-buffer'

describe('LogBuffer', () => {
  it('keeps lines in order by number and drops duplicates', () => {
    const b = new LogBuffer()
    expect(b.add(1, 'a')).toBe(true)
    expect(b.add(1, 'a again')).toBe(false)
    expect(b.add(3, 'c')).toBe(true) // waits for 2
    expect(b.lastLine).toBe(1)
    expect(b.gap).toEqual({ from: 2, to: 2 })
    expect(b.add(2, 'b')).toBe(true)
    expect(b.lastLine).toBe(3)
    expect(b.gap).toBeNull()
    expect(b.add(3, 'c dup')).toBe(false)
    expect(b.text()).toBe('a\nb\nc')
  })

  it('bounds memory: past maxLines the oldest lines go, numbers stay right', () => {
    const b = new LogBuffer(1000)
    for (let n = 1; n <= 100_000; n++) b.add(n, `line ${n}`)
    expect(b.size).toBeLessThanOrEqual(1100)
    expect(b.lastLine).toBe(100_000)
    expect(b.line(100_000)).toBe('line 100000')
    expect(b.line(b.firstLine)).toBe(`line ${b.firstLine}`)
    expect(b.line(1)).toBeUndefined()
    expect(b.dropped).toBe(b.firstLine - 1)
  })

  it('finds the first error and searches case-insensitively', () => {
    const b = new LogBuffer()
    b.addAll([
      { line_number: 1, line: '[10:00:00] start' },
      { line_number: 2, line: '[10:00:01] [STDERR] npm ERR! missing' },
      { line_number: 3, line: '[10:00:02] Error: again' },
    ])
    expect(b.firstErrorLine).toBe(2)
    expect(b.search('err')).toEqual([2, 3])
  })
})
