import { useEffect, useMemo, useRef, useState } from 'react'
import { LogBuffer, DEFAULT_MAX_LINES } from '../lib/log-buffer'
import { useOptionalProjectEvents } from '@/lib/events/project-events-context'
import type { AgentLogEvent, RunStatus } from '@/types/api'
import { getRunLogPage, LOG_PAGE_LIMIT } from '../api/get-run-logs'

export type LiveLogStatus = 'loading' | 'streaming' | 'complete' | 'failed'

export interface LiveLog {
  buffer: LogBuffer
  /** Changes whenever lines were added (at most once per animation frame). */
  version: number
  status: LiveLogStatus
  error: string | null
}

/** How often an active run's log is read over REST while the event stream is down. */
export const LOG_POLL_MS = 2000

type FrameScheduler = (callback: () => void) => void
const defaultScheduler: FrameScheduler = (cb) =>
  typeof requestAnimationFrame === 'function' ? void requestAnimationFrame(() => cb()) : void setTimeout(cb, 16)

export interface UseLiveLogOptions {
  /** The run's status as last known (from the runs list or active runs). */
  runStatus?: RunStatus
  maxLines?: number
  scheduleFrame?: FrameScheduler
}

/**
 * The lines of one run: history over REST in pages, then live `agent:log` events from the
 * shared stream (subscribed as `<run>@<next line>`), merged in order with duplicates dropped.
 * Incoming lines are applied once per animation frame, so a fast stream costs one render per
 * frame, not one per line. While the stream is down an active run's log is polled instead.
 */
export function useLiveLog(runId: string | null, options: UseLiveLogOptions = {}): LiveLog {
  const { runStatus, maxLines = DEFAULT_MAX_LINES, scheduleFrame = defaultScheduler } = options
  const events = useOptionalProjectEvents()
  const subscribeToLogs = events?.subscribeToLogs
  const isLive = events?.isLive ?? false
  const active = runStatus === 'QUEUED' || runStatus === 'RUNNING'
  // a new buffer per run; runId is the reason to make one, though the factory does not read it
  // oxlint-disable-next-line react/memo-dependencies, react-hooks/exhaustive-deps
  const buffer = useMemo(() => new LogBuffer(maxLines), [runId, maxLines])
  const [version, setVersion] = useState(0)
  const [ended, setEnded] = useState<'SUCCEEDED' | 'FAILED' | null>(null)
  const [loaded, setLoaded] = useState(false)
  const [logComplete, setLogComplete] = useState(false)
  const [error, setError] = useState<string | null>(null)
  const io = useRef<{ catchUp: () => Promise<void> } | null>(null)

  // another run: start over (state adjusted while rendering, not in an effect)
  const [shownRun, setShownRun] = useState(runId)
  if (shownRun !== runId) {
    setShownRun(runId)
    setEnded(null)
    setLoaded(false)
    setLogComplete(false)
    setError(null)
    setVersion(0)
  }

  // History, gap filling and batching; lives as long as the run is shown.
  useEffect(() => {
    if (!runId) return
    const controller = new AbortController()
    let pending: AgentLogEvent[] = []
    let frameQueued = false
    let reading: Promise<void> | null = null
    let complete = false

    const flush = () => {
      frameQueued = false
      if (pending.length) {
        buffer.addAll(pending)
        pending = []
      }
      setVersion(buffer.version)
      const gap = buffer.gap
      if (gap) void read(gap.from, Math.min(gap.to - gap.from + 1, LOG_PAGE_LIMIT), true)
    }
    const enqueue = (lines: AgentLogEvent[]) => {
      // lines keep their "[HH:MM:SS] " prefix (as in the file); if a sender strips it, put it back
      for (const l of lines) pending.push(l.timestamp && !l.line.startsWith('[') ? { ...l, line: `[${l.timestamp}] ${l.line}` } : l)
      if (!frameQueued) {
        frameQueued = true
        scheduleFrame(flush)
      }
    }
    // Reads pages from `from` until the server has no more (or one page, for a gap).
    const read = (from: number, limit = LOG_PAGE_LIMIT, once = false): Promise<void> => {
      if (reading) return reading
      reading = (async () => {
        try {
          let next = from
          for (;;) {
            const page = await getRunLogPage(runId, next, limit, controller.signal)
            // a log longer than the buffer keeps: read only the lines that will be kept
            const keepFrom = (page.line_count ?? 0) - maxLines + 1
            if (!once && buffer.size === 0 && pending.length === 0 && keepFrom > page.next_line) {
              buffer.startAt(keepFrom)
              next = keepFrom
              continue
            }
            if (page.lines.length) enqueue(page.lines.map((l) => ({ ...l, run_id: runId })))
            if (page.complete) complete = true
            if (once || page.complete || page.lines.length < limit || page.next_line <= next) break
            next = page.next_line
          }
        } catch (e) {
          if (!controller.signal.aborted) setError((e as Error).message)
        } finally {
          reading = null
        }
      })()
      return reading
    }
    const catchUp = () => read(Math.max(buffer.lastLine, highest(pending)) + 1)
    io.current = { catchUp }
    let unsubscribe: (() => void) | undefined
    // History first, then live lines from where it ended (`<run>@<n>`), so nothing is sent twice.
    void catchUp().then(() => {
      if (controller.signal.aborted) return
      setLoaded(true)
      if (complete) {
        setLogComplete(true)
        return // a finished log never grows
      }
      unsubscribe = subscribeToLogs?.(runId, {
        resumeFrom: () => Math.max(buffer.lastLine, highest(pending)) + 1,
        onLines: enqueue,
        onEnd: (outcome) => {
          // lines written after the last event reach us over REST
          void catchUp().then(() => setEnded(outcome))
        },
        onError: (message) => setError(message),
      })
    })
    return () => {
      controller.abort()
      unsubscribe?.()
      io.current = null
    }
  }, [runId, buffer, maxLines, subscribeToLogs, scheduleFrame])

  // Fallback: poll an active run's log only while the stream is down.
  useEffect(() => {
    if (!runId || !active || isLive || ended) return
    const timer = setInterval(() => void io.current?.catchUp(), LOG_POLL_MS)
    return () => clearInterval(timer)
  }, [runId, active, isLive, ended])

  let status: LiveLogStatus
  if (ended) status = ended === 'SUCCEEDED' ? 'complete' : 'failed'
  else if (active && !logComplete) status = 'streaming'
  else if (!loaded) status = 'loading'
  else status = runStatus === 'FAILED' ? 'failed' : 'complete'

  return { buffer, version, status, error }
}

function highest(lines: AgentLogEvent[]) {
  let max = 0
  for (const l of lines) if (l.line_number > max) max = l.line_number
  return max
}
