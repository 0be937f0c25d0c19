import { useQueryClient } from '@tanstack/react-query'
import { createContext, useContext, useEffect, useMemo, useRef, useState, type ReactNode } from 'react'
import { api } from '@/lib/api-client'
import { attentionFromEvent, reportAttention, type NameLookup } from '@/lib/notifications'
import { POLL_INTERVAL_MS, projectKeys } from '@/lib/query-keys'
import { trailingThrottle } from '@/lib/trailing-throttle'
import type { AgentLogEvent, ProjectEvent, Subtask, Task } from '@/types/api'
import { applyEventToCache } from './cache-patches'
import { ProjectEventStream, type ConnectionState } from './event-stream'
import { fetchTransport, type StreamTransport } from './sse-transport'

/** What a live log (one run) needs from the shared stream. */
export interface LogSubscriber {
  /** The first line number this subscriber still needs (`<run>@<n>` on the wire). */
  resumeFrom: () => number
  onLines: (lines: AgentLogEvent[]) => void
  onEnd: (outcome: 'SUCCEEDED' | 'FAILED') => void
  onError: (message: string) => void
}

export interface ProjectEventsValue {
  projectId: string
  state: ConnectionState
  /** True while the stream is up: nothing polls then. */
  isLive: boolean
  failures: number
  error: string | undefined
  reconnect: () => void
  /** True once `project:deleted` arrived: the stream has ended for good. */
  projectDeleted: boolean
  subscribeToLogs: (runId: string, subscriber: LogSubscriber) => () => void
}

const ProjectEventsContext = createContext<ProjectEventsValue | null>(null)

export interface ProjectEventsProviderProps {
  projectId: string
  children: ReactNode
  /** Tests pass a fake; the app uses fetch. */
  transport?: StreamTransport
  staleAfterMs?: number
}

/**
 * One event stream per open board, shared by everything on it. Events patch the TanStack Query
 * cache; `agent:log` lines go to the live logs that subscribed to their run.
 */
/** Events that may change the needs-you inbox or the running agents across projects. */
const CHANGES_ACTIVITY = new Set<string>([
  'agent:queued',
  'agent:started',
  'agent:completed',
  'agent:failed',
  'task:status_changed',
  'task:deleted',
  'subtask:status_changed',
  'subtask:merge_state_changed',
  'subtask:approved',
])

export function ProjectEventsProvider({ projectId, children, transport = fetchTransport, staleAfterMs }: ProjectEventsProviderProps) {
  const qc = useQueryClient()
  const [status, setStatus] = useState<{ state: ConnectionState; failures: number; error?: string }>({
    state: 'connecting',
    failures: 0,
  })
  const [projectDeleted, setProjectDeleted] = useState(false)
  const subscribers = useRef(new Map<string, Set<LogSubscriber>>())
  const connectionId = useRef<string | null>(null)
  /** The subscription set the server has: what the URL or the last PUT said. */
  const serverSet = useRef('')
  const streamRef = useRef<ProjectEventStream | null>(null)
  const syncTimer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined)

  const actions = useMemo(() => {
    const entries = () =>
      [...subscribers.current.entries()]
        .filter(([, subs]) => subs.size > 0)
        .map(([runId, subs]) => {
          const from = Math.min(...[...subs].map((s) => s.resumeFrom()))
          // a plain run id would mean "live lines from now on"; the panel wants the lines from its position
          return `${runId}@${Math.max(1, from)}`
        })
    const runSet = () => [...subscribers.current.keys()].sort().join(',')
    // Changes the open stream's log subscriptions in place (PUT), never by reconnecting.
    const syncSubscriptions = () => {
      clearTimeout(syncTimer.current)
      syncTimer.current = setTimeout(async () => {
        const id = connectionId.current
        const wanted = runSet()
        if (!id || streamRef.current?.state !== 'live' || wanted === serverSet.current) return
        serverSet.current = wanted
        try {
          await api(`/projects/${projectId}/events/${id}/log-subscriptions`, {
            method: 'PUT',
            body: { runs: entries() },
          })
        } catch {
          // the connection is gone or does not know us: a new one carries the set in its URL
          if (connectionId.current === id) streamRef.current?.reconnectNow()
        }
      }, 0)
    }
    const subscribeToLogs = (runId: string, subscriber: LogSubscriber) => {
      let set = subscribers.current.get(runId)
      if (!set) subscribers.current.set(runId, (set = new Set()))
      set.add(subscriber)
      syncSubscriptions()
      return () => {
        set.delete(subscriber)
        if (set.size === 0) subscribers.current.delete(runId)
        syncSubscriptions()
      }
    }
    const reconnect = () => streamRef.current?.reconnectNow()
    return { entries, runSet, syncSubscriptions, subscribeToLogs, reconnect }
  }, [projectId])

  useEffect(() => {
    const { entries, runSet, syncSubscriptions } = actions
    let firstConnect = true
    const subs = subscribers.current
    const names: NameLookup = (taskId, subtaskId) => {
      const task = qc.getQueryData<Task[]>(projectKeys.tasks(projectId))?.find((t) => t.id === taskId)
      const subtask = subtaskId
        ? qc.getQueryData<Subtask[]>(projectKeys.subtasks(projectId, taskId))?.find((s) => s.id === subtaskId)
        : undefined
      return { taskTitle: task?.title, subtaskKey: subtask?.key, subtaskTitle: subtask?.title }
    }
    const dispatch = (event: ProjectEvent) => {
      switch (event.type) {
        case 'connected':
          connectionId.current = event.data.connection_id
          if (firstConnect) {
            firstConnect = false
            // subscribe first, then take the snapshot: re-read what may have changed before
            void qc.invalidateQueries({ queryKey: projectKeys.tasks(projectId) })
          }
          if (runSet() !== serverSet.current) syncSubscriptions()
          break
        case 'agent:log': {
          const set = subs.get(event.data.run_id)
          if (set) for (const s of set) s.onLines([event.data])
          return
        }
        case 'agent:completed':
        case 'agent:failed': {
          const set = subs.get(event.data.run_id)
          const outcome = event.type === 'agent:completed' ? 'SUCCEEDED' : 'FAILED'
          if (set) for (const s of set) s.onEnd(outcome)
          break
        }
        case 'project:deleted':
          // the server ends the stream after this; reconnecting would only be refused
          streamRef.current?.stop()
          setProjectDeleted(true)
          break
        case 'error': {
          const runId = event.data.run_id
          const set = runId ? subs.get(runId) : undefined
          if (set) for (const s of set) s.onError(event.data.message)
          break
        }
      }
      // every event here is newer than the page: the first stream starts at the current position,
      // and a reconnect replays only what it missed while the page was open
      if (CHANGES_ACTIVITY.has(event.type)) activity.call()
      const attention = attentionFromEvent(event, names)
      if (attention) reportAttention(attention)
      applyEventToCache(qc, projectId, event)
    }
    // the header's needs-you count and the activity view, re-read at most every 500 ms of a burst
    const activity = trailingThrottle(() => void qc.invalidateQueries({ queryKey: ['activity'] }), 500)
    const stream = new ProjectEventStream({
      projectId,
      transport,
      staleAfterMs,
      onEvent: dispatch,
      onState: (state, detail) => {
        if (state !== 'live') connectionId.current = null
        setStatus({ state, failures: detail.failures, error: detail.error })
      },
      logSubscriptions: () => {
        serverSet.current = runSet()
        return entries()
      },
    })
    streamRef.current = stream
    stream.start()
    return () => {
      stream.stop()
      activity.cancel()
      streamRef.current = null
      clearTimeout(syncTimer.current)
    }
  }, [projectId, qc, transport, staleAfterMs, actions])

  const value = useMemo<ProjectEventsValue>(
    () => ({
      projectId,
      state: status.state,
      isLive: status.state === 'live',
      failures: status.failures,
      error: status.error,
      reconnect: actions.reconnect,
      projectDeleted,
      subscribeToLogs: actions.subscribeToLogs,
    }),
    [projectId, status, actions, projectDeleted],
  )

  return <ProjectEventsContext.Provider value={value}>{children}</ProjectEventsContext.Provider>
}

export function useProjectEvents(): ProjectEventsValue {
  const value = useContext(ProjectEventsContext)
  if (!value) throw new Error('useProjectEvents must be used inside <ProjectEventsProvider>')
  return value
}

export function useOptionalProjectEvents(): ProjectEventsValue | null {
  return useContext(ProjectEventsContext)
}

/** `refetchInterval` for board queries: poll only while the stream is down. */
export function usePollWhileDisconnected(): number | false {
  const events = useOptionalProjectEvents()
  return events?.isLive ? false : POLL_INTERVAL_MS
}
