import { describe, expect, it } from 'vitest'
import { formatTokens, plural } from './utils'

describe('plural', () => {
  it('says 1 file, 0 files, 2 files, and a big count with its separators', () => {
    expect(plural(1, 'file')).toBe('1 file')
    expect(plural(0, 'file')).toBe('0 files')
    expect(plural(2, 'file')).toBe('2 files')
    expect(plural(1204, 'line')).toBe((1204).toLocaleString() + ' lines')
    expect(plural(1, 'entry', 'entries')).toBe('1 entry')
    expect(plural(3, 'entry', 'entries')).toBe('3 entries')
  })
})

describe('formatTokens', () => {
  it('is compact', () => {
    expect(formatTokens(0)).toBe('0')
    expect(formatTokens(999)).toBe('999')
    expect(formatTokens(12_345)).toBe('12.3k')
    expect(formatTokens(2_500_000)).toBe('2.50M')
  })
})
