import { memo, type CSSProperties } from 'react'
import { cn } from '@/lib/utils'
import { parseAnsi } from './ansi'

const STAMP = /^\[(\d{2}:\d{2}:\d{2})\] ?/
const STDERR = '[STDERR]'

/** One log line: number, highlighted `[HH:MM:SS]`, `[STDERR]` tag, ANSI colours. */
export const LogLine = memo(function LogLine({
  number,
  text,
  current,
  matched,
  style,
}: {
  number: number
  text: string
  current?: boolean
  matched?: boolean
  /** Position from the virtualizer: the row is its own positioned box (one element fewer). */
  style?: CSSProperties
}) {
  let rest = text
  let stamp: string | null = null
  const m = STAMP.exec(rest)
  if (m) {
    stamp = m[1]
    rest = rest.slice(m[0].length)
  }
  const stderr = rest.startsWith(STDERR)
  if (stderr) rest = rest.slice(STDERR.length).replace(/^ /, '')
  return (
    <div
      data-line={number}
      style={style}
      className={cn(
        'flex h-[18px] min-w-full items-center pr-4 leading-[18px] whitespace-pre',
        matched && 'bg-amber-400/10',
        current && 'bg-amber-400/25',
      )}
    >
      <span className="w-16 shrink-0 pr-3 text-right text-muted select-none">{number}</span>
      {stamp && <span className="mr-2 text-sky-700 dark:text-sky-400/80">[{stamp}]</span>}
      {stderr && <span className="mr-2 text-red-700 dark:text-red-400">[STDERR]</span>}
      {parseAnsi(rest).map((s, i) => (
        <span key={i} className={s.className}>
          {s.text}
        </span>
      ))}
    </div>
  )
})
