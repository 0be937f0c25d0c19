export interface AnsiSegment {
  text: string
  /** Tailwind classes for the colour and weight in effect. */
  className?: string
}

const FG: Record<number, string> = {
  30: 'text-zinc-600 dark:text-zinc-400',
  31: 'text-red-700 dark:text-red-400',
  32: 'text-emerald-700 dark:text-emerald-400',
  33: 'text-amber-700 dark:text-amber-300',
  34: 'text-sky-700 dark:text-sky-400',
  35: 'text-fuchsia-700 dark:text-fuchsia-400',
  36: 'text-cyan-700 dark:text-cyan-300',
  37: 'text-zinc-700 dark:text-zinc-200',
  90: 'text-zinc-600 dark:text-zinc-400',
  91: 'text-red-700 dark:text-red-300',
  92: 'text-emerald-700 dark:text-emerald-300',
  93: 'text-yellow-700 dark:text-yellow-200',
  94: 'text-sky-700 dark:text-sky-300',
  95: 'text-fuchsia-700 dark:text-fuchsia-300',
  96: 'text-cyan-700 dark:text-cyan-200',
  97: 'text-zinc-950 dark:text-white',
}

// CSI sequences: ESC [ params final-byte. Only SGR ("m") changes style; the rest are dropped.
// oxlint-disable-next-line no-control-regex
const CSI = /\x1b\[([0-9;?]*)([@-~])/g

/** Splits a line with ANSI escape codes into styled segments (colours 30–37, 90–97, bold). */
export function parseAnsi(line: string): AnsiSegment[] {
  if (!line.includes('\x1b')) return [{ text: line }]
  const out: AnsiSegment[] = []
  let fg: string | undefined
  let bold = false
  let last = 0
  const style = () => [fg, bold ? 'font-semibold' : undefined].filter(Boolean).join(' ') || undefined
  for (const m of line.matchAll(CSI)) {
    if (m.index > last) out.push({ text: line.slice(last, m.index), className: style() })
    last = m.index + m[0].length
    if (m[2] !== 'm') continue
    const codes = m[1] === '' ? [0] : m[1].split(';').map(Number)
    for (const c of codes) {
      if (c === 0) {
        fg = undefined
        bold = false
      } else if (c === 1) bold = true
      else if (c === 22) bold = false
      else if (c === 39) fg = undefined
      else if (FG[c]) fg = FG[c]
    }
  }
  if (last < line.length) out.push({ text: line.slice(last), className: style() })
  // a lone ESC that was not a CSI sequence is not shown
  return out.map((s) => ({ ...s, text: s.text.replace(/\x1b/g, '') })) // oxlint-disable-line no-control-regex
}
