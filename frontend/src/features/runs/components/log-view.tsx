import { useVirtualizer } from '@tanstack/react-virtual'
import { ArrowDownToLine, ChevronDown, ChevronUp, Copy, TriangleAlert } from 'lucide-react'
import { useDeferredValue, useLayoutEffect, useMemo, useRef, useState } from 'react'
import { toast } from 'sonner'
import { Button } from '@/components/ui/button'
import { Input } from '@/components/ui/input'
import { plural } from '@/lib/utils'
import type { LogBuffer } from '../lib/log-buffer'
import { LogLine } from './log-line'

export const ROW_HEIGHT = 18

export interface LogViewProps {
  buffer: LogBuffer
  /** Changes when lines were added; the view re-reads the buffer then. */
  version: number
  emptyText?: string
}

/**
 * A virtualized log: only the visible rows (plus overscan) exist in the DOM, so a log of any
 * length renders in constant time. Follows the end while the reader is at the bottom; scrolling
 * up pauses that until "Follow" is pressed.
 */
export function LogView({ buffer, version, emptyText = 'No output yet' }: LogViewProps) {
  const scrollRef = useRef<HTMLDivElement>(null)
  const [follow, setFollow] = useState(true)
  const [query, setQuery] = useState('')
  const deferredQuery = useDeferredValue(query)
  const [hitIndex, setHitIndex] = useState(0)
  const [focusLine, setFocusLine] = useState<number | null>(null)
  const count = buffer.size

  const virtualizer = useVirtualizer({
    count,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 10,
    initialRect: { width: 800, height: 600 },
    // a render per scroll event inside flushSync doubles the work of every followed frame
    useFlushSync: false,
  })

  // Search hits: a full scan when the query changes, then only the lines added since.
  const search = useRef({ query: '', hits: [] as number[], scannedTo: 0, first: 1 })
  const hits = useMemo(() => {
    const s = search.current
    if (!deferredQuery) {
      search.current = { query: '', hits: [], scannedTo: 0, first: buffer.firstLine }
      return search.current.hits
    }
    if (s.query !== deferredQuery || s.first !== buffer.firstLine) {
      search.current = { query: deferredQuery, hits: buffer.search(deferredQuery), scannedTo: buffer.lastLine, first: buffer.firstLine }
    } else if (buffer.lastLine > s.scannedTo) {
      const q = deferredQuery.toLowerCase()
      const more: number[] = []
      for (let n = s.scannedTo + 1; n <= buffer.lastLine; n++) if (buffer.line(n)?.toLowerCase().includes(q)) more.push(n)
      search.current = { ...s, hits: more.length ? s.hits.concat(more) : s.hits, scannedTo: buffer.lastLine }
    }
    return search.current.hits
    // version stands for the buffer's content, which mutates in place
    // oxlint-disable-next-line react/memo-dependencies, react-hooks/exhaustive-deps
  }, [deferredQuery, version, buffer])
  const hitSet = useMemo(() => new Set(hits), [hits])

  useLayoutEffect(() => {
    const el = scrollRef.current
    // the end is known without asking the layout (rows have one fixed height); the browser clamps
    if (follow && el && count > 0) el.scrollTop = count * ROW_HEIGHT
  }, [version, follow, count])

  const goTo = (lineNumber: number) => {
    setFollow(false)
    setFocusLine(lineNumber)
    virtualizer.scrollToIndex(lineNumber - buffer.firstLine, { align: 'center' })
  }
  const step = (delta: number) => {
    if (!hits.length) return
    const next = (hitIndex + delta + hits.length) % hits.length
    setHitIndex(next)
    goTo(hits[next])
  }

  const onScroll = () => {
    const el = scrollRef.current
    if (!el) return
    const atBottom = el.scrollHeight - el.scrollTop - el.clientHeight < ROW_HEIGHT * 2
    if (!atBottom && follow) setFollow(false)
    else if (atBottom && !follow && focusLine === null) setFollow(true)
  }

  const copyAll = async () => {
    try {
      await navigator.clipboard.writeText(buffer.text())
      toast.success(buffer.dropped ? `Copied the last ${plural(buffer.size, 'line')}` : `Copied ${plural(buffer.size, 'line')}`)
    } catch {
      toast.error('The clipboard is not available')
    }
  }

  const currentHit = hits.length ? hits[Math.min(hitIndex, hits.length - 1)] : null

  return (
    <div className="flex min-h-0 flex-1 flex-col">
      <div className="flex items-center gap-1.5 border-b border-border px-3 py-1.5">
        <Input
          type="search"
          aria-label="Search the log"
          placeholder="Search…"
          value={query}
          onChange={(e) => {
            setQuery(e.target.value)
            setHitIndex(0)
          }}
          onKeyDown={(e) => {
            if (e.key === 'Enter') {
              e.preventDefault()
              step(e.shiftKey ? -1 : hits.length && currentHit === focusLine ? 1 : 0)
            }
          }}
          className="h-7 w-52"
        />
        <span className="min-w-14 text-xs text-muted tabular-nums" aria-live="polite">
          {query ? `${hits.length ? hitIndex + 1 : 0}/${hits.length}` : ''}
        </span>
        <Button size="icon" variant="ghost" aria-label="Previous match" onClick={() => step(-1)} disabled={!hits.length}>
          <ChevronUp />
        </Button>
        <Button size="icon" variant="ghost" aria-label="Next match" onClick={() => step(1)} disabled={!hits.length}>
          <ChevronDown />
        </Button>
        <div className="flex-1" />
        <Button
          size="sm"
          variant="ghost"
          onClick={() => buffer.firstErrorLine && goTo(buffer.firstErrorLine)}
          disabled={!buffer.firstErrorLine}
        >
          <TriangleAlert /> First error
        </Button>
        <Button size="sm" variant="ghost" onClick={copyAll} disabled={!count}>
          <Copy /> Copy all
        </Button>
        <Button
          size="sm"
          variant={follow ? 'ghost' : 'default'}
          aria-pressed={follow}
          onClick={() => {
            setFocusLine(null)
            setFollow(true)
          }}
        >
          <ArrowDownToLine /> {follow ? 'Following' : 'Follow'}
        </Button>
      </div>
      {buffer.dropped > 0 && (
        <div className="border-b border-border bg-raised px-3 py-1 text-xs text-muted">
          Showing the last {plural(buffer.size, 'line')}; {buffer.dropped.toLocaleString()} earlier {buffer.dropped === 1 ? 'line is' : 'lines are'} not kept in
          memory.
        </div>
      )}
      <div
        ref={scrollRef}
        onScroll={onScroll}
        role="log"
        aria-label="Log output"
        aria-live="off"
        // focusable so the keyboard can scroll it (WCAG 2.1.1)
        // oxlint-disable-next-line jsx-a11y/no-noninteractive-tabindex
        tabIndex={0}
        className="relative min-h-0 flex-1 overflow-auto bg-panel font-mono text-xs [contain:strict]"
      >
        {count === 0 ? (
          <p className="p-4 text-muted">{emptyText}</p>
        ) : (
          <div style={{ height: virtualizer.getTotalSize(), position: 'relative', minWidth: '100%' }} className="w-max">
            {virtualizer.getVirtualItems().map((row) => {
              const n = buffer.firstLine + row.index
              return (
                <LogLine
                  key={row.key}
                  style={{ position: 'absolute', top: 0, left: 0, transform: `translateY(${row.start}px)` }}
                  number={n}
                  text={buffer.at(row.index)}
                  matched={hitSet.has(n)}
                  current={n === focusLine}
                />
              )
            })}
          </div>
        )}
      </div>
    </div>
  )
}
