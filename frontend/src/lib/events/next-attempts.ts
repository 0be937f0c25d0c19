import { useQuery, type QueryClient } from '@tanstack/react-query'
import { projectKeys } from '@/lib/query-keys'

/** A failed attempt that another follows: when, and which attempt failed. */
export interface NextAttempt {
  failedAttempt: number
  /** When the next attempt starts (after the backoff); null when the server did not say. */
  at: string | null
  error: string | null
}

/** By owner: a subtask id for a worker, the task id for a planner. */
export type NextAttempts = Record<string, NextAttempt>

/**
 * Kept only from the stream's `agent:failed` (`will_retry`, `next_attempt_at`): no endpoint knows
 * it. An owner leaves the map when its next attempt is queued or when no attempt follows.
 */
export function setNextAttempt(qc: QueryClient, projectId: string, owner: string, next: NextAttempt | null) {
  qc.setQueryData<NextAttempts>(projectKeys.nextAttempts(projectId), (map = {}) => {
    if (!next) {
      if (!(owner in map)) return map
      const { [owner]: _gone, ...rest } = map
      return rest
    }
    return { ...map, [owner]: next }
  })
}

/** The board's pending retries; filled by the stream only. */
export function useNextAttempts(projectId: string): NextAttempts {
  return (
    useQuery<NextAttempts>({
      queryKey: projectKeys.nextAttempts(projectId),
      queryFn: () => ({}),
      staleTime: Infinity,
      gcTime: Infinity,
    }).data ?? {}
  )
}
