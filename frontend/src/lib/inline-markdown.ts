/**
 * The inline markdown titles may carry — `code`, *em* / _em_, **strong** / __strong__ and backslash
 * escapes — and nothing else: links, images, HTML and blocks stay the literal text they were
 * written as. A tiny parser of its own (no HTML is ever produced: the nodes become React elements),
 * so a title like "1. Parse `--json`" keeps its "1." where a full markdown renderer would make a list.
 */
export type InlineNode = string | { type: 'code'; text: string } | { type: 'em' | 'strong'; children: InlineNode[] }

const PUNCTUATION = /[!-/:-@[-`{-~]/
const WORD = /[\p{L}\p{N}]/u
const SPACE = /\s/

/** The nodes of `src`; adjacent text is joined into one string. */
export function parseInline(src: string): InlineNode[] {
  const nodes: InlineNode[] = []
  let text = ''
  const flush = () => {
    if (text) nodes.push(text)
    text = ''
  }
  let i = 0
  while (i < src.length) {
    const c = src[i]
    if (c === '\\' && i + 1 < src.length && PUNCTUATION.test(src[i + 1])) {
      text += src[i + 1]
      i += 2
      continue
    }
    if (c === '`') {
      const n = runLength(src, i, '`')
      const close = findBacktickRun(src, i + n, n)
      if (close === -1) {
        text += src.slice(i, i + n)
      } else {
        flush()
        nodes.push({ type: 'code', text: stripCodeSpaces(src.slice(i + n, close)) })
        i = close + n
        continue
      }
      i += n
      continue
    }
    if (c === '*' || c === '_') {
      // a run of one opens an em, of two a strong; a longer or an unmatched run stays text as a whole
      const n = runLength(src, i, c)
      const delim = c.repeat(n)
      const close = n <= 2 && canOpen(src, i, delim) ? findCloser(src, i + n, delim) : -1
      if (close === -1) {
        text += delim
      } else {
        flush()
        nodes.push({ type: n === 2 ? 'strong' : 'em', children: parseInline(src.slice(i + n, close)) })
        i = close
      }
      i += n
      continue
    }
    text += c
    i++
  }
  flush()
  return nodes
}

/** The text a reader sees: the markers dropped, escapes resolved (for labels, options, titles). */
export function inlinePlainText(src: string): string {
  return plain(parseInline(src))
}

function plain(nodes: InlineNode[]): string {
  return nodes.map((n) => (typeof n === 'string' ? n : n.type === 'code' ? n.text : plain(n.children))).join('')
}

function runLength(src: string, i: number, ch: string) {
  let n = 0
  while (src[i + n] === ch) n++
  return n
}

/** The start of the next run of exactly `n` backticks from `from`, or -1. */
function findBacktickRun(src: string, from: number, n: number) {
  let j = from
  while (j < src.length) {
    if (src[j] === '`') {
      const run = runLength(src, j, '`')
      if (run === n) return j
      j += run
    } else j++
  }
  return -1
}

/** CommonMark: one space on each side is dropped when both are there and the span is not all spaces. */
function stripCodeSpaces(code: string) {
  return code.length > 2 && code.startsWith(' ') && code.endsWith(' ') && code.trim() ? code.slice(1, -1) : code
}

function canOpen(src: string, i: number, delim: string) {
  const next = src[i + delim.length]
  if (next === undefined || SPACE.test(next)) return false
  // snake_case is no emphasis: an underscore opens only at the start of a word
  return delim[0] !== '_' || i === 0 || !WORD.test(src[i - 1])
}

function canClose(src: string, j: number, from: number, delim: string) {
  if (j === from || SPACE.test(src[j - 1])) return false
  const after = src[j + delim.length]
  return delim[0] !== '_' || after === undefined || !WORD.test(after)
}

/** Where the `delim` that closes the one ending at `from` starts, or -1; code spans and escapes are skipped. */
function findCloser(src: string, from: number, delim: string): number {
  let j = from
  while (j < src.length) {
    const c = src[j]
    if (c === '\\') {
      j += 2
      continue
    }
    if (c === '`') {
      const n = runLength(src, j, '`')
      const close = findBacktickRun(src, j + n, n)
      j = close === -1 ? j + n : close + n
      continue
    }
    if (c === delim[0]) {
      const run = runLength(src, j, c)
      if (run === delim.length && canClose(src, j, from, delim)) return j
      if (delim.length === 1 && run === 2 && canOpen(src, j, delim + delim)) {
        // a strong inside the em: skip past it
        const inner = findCloser(src, j + 2, delim + delim)
        if (inner !== -1) {
          j = inner + 2
          continue
        }
      }
      j += run
      continue
    }
    j++
  }
  return -1
}
