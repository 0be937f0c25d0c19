import { describe, expect, it } from 'vitest'
import { inlinePlainText, parseInline } from './inline-markdown'

describe('parseInline', () => {
  it('reads code spans, em and strong, nested', () => {
    expect(parseInline('Add `--json` to *every* **list `cmd`**')).toEqual([
      'Add ',
      { type: 'code', text: '--json' },
      ' to ',
      { type: 'em', children: ['every'] },
      ' ',
      { type: 'strong', children: ['list ', { type: 'code', text: 'cmd' }] },
    ])
    expect(parseInline('__bold__ and _em_')).toEqual([{ type: 'strong', children: ['bold'] }, ' and ', { type: 'em', children: ['em'] }])
    expect(parseInline('*a **b** c*')).toEqual([{ type: 'em', children: ['a ', { type: 'strong', children: ['b'] }, ' c'] }])
  })

  it('leaves links, images, HTML and blocks as the text they are', () => {
    for (const title of ['[docs](javascript:alert(1))', '![x](http://e/x.png)', '<img src=x onerror=alert(1)>', '# Heading', '1. First', '- item', '> quote']) {
      expect(parseInline(title)).toEqual([title])
    }
  })

  it('keeps unmatched markers, snake_case and spaced stars literal', () => {
    expect(parseInline('rename user_id to owner_id')).toEqual(['rename user_id to owner_id'])
    expect(parseInline('2 * 3 * 4')).toEqual(['2 * 3 * 4'])
    expect(parseInline('**open')).toEqual(['**open'])
    expect(parseInline('a `b')).toEqual(['a `b'])
    expect(parseInline('****')).toEqual(['****'])
  })

  it('inside code nothing is markup; double backticks may hold one; escapes are literal', () => {
    expect(parseInline('`*not em*`')).toEqual([{ type: 'code', text: '*not em*' }])
    expect(parseInline('`` a`b ``')).toEqual([{ type: 'code', text: 'a`b' }])
    expect(parseInline('\\*not em\\*')).toEqual(['*not em*'])
    expect(parseInline('*a `*` b*')).toEqual([{ type: 'em', children: ['a ', { type: 'code', text: '*' }, ' b'] }])
  })
})

describe('inlinePlainText', () => {
  it('drops the markers', () => {
    expect(inlinePlainText('Add `--json` to **every** *list*')).toBe('Add --json to every list')
    expect(inlinePlainText('Plain title')).toBe('Plain title')
  })
})
