import { useQueryClient } from '@tanstack/react-query'
import { useEffect, useState } from 'react'
import { ProjectEventStream, type ConnectionState } from '@/lib/events/event-stream'
import { fetchTransport, type StreamTransport } from '@/lib/events/sse-transport'
import { trailingThrottle } from '@/lib/trailing-throttle'
import { activityKeys } from './activity'

/** Events that change what the activity view or the inbox shows (everything but heartbeats and logs). */
const QUIET = new Set(['heartbeat', 'agent:log'])

/**
 * Follows the user-level stream (`GET /api/events`, all the user's projects) while mounted, and
 * re-reads the activity and inbox snapshots when something changed: at most once per `throttleMs`,
 * so a burst of events costs one request each. Resumes with Last-Event-ID like a board.
 */
export function useUserEvents({ transport, throttleMs = 250 }: { transport?: StreamTransport; throttleMs?: number } = {}) {
  const qc = useQueryClient()
  const [state, setState] = useState<ConnectionState>('connecting')
  useEffect(() => {
    const refresh = trailingThrottle(() => {
      void qc.invalidateQueries({ queryKey: activityKeys.runs })
      void qc.invalidateQueries({ queryKey: activityKeys.needsYou })
    }, throttleMs)
    const stream = new ProjectEventStream({
      transport: transport ?? fetchTransport,
      onEvent: (event) => {
        if (!QUIET.has(event.type)) refresh.call()
      },
      onState: (next) => setState(next),
      logSubscriptions: () => [],
    })
    stream.start()
    return () => {
      refresh.cancel()
      stream.stop()
    }
  }, [qc, transport, throttleMs])
  return state
}
