import { useQueries } from '@tanstack/react-query'
import { api } from '@/lib/api-client'
import { projectKeys } from '@/lib/query-keys'
import type { AgentRun, Subtask } from '@/types/api'

/**
 * Why each subtask that needs the user (BLOCKED/FAILURE) failed: its latest failed run's error.
 * Reads the same cached run lists as the run history, which the event stream keeps current.
 */
export function useFailureReasons(projectId: string, subtasks: Subtask[]): Map<string, string> {
  const failed = subtasks.filter((s) => s.status === 'BLOCKED' && s.blocked_reason === 'FAILURE')
  return useQueries({
    queries: failed.map((s) => ({
      queryKey: projectKeys.workerRuns(projectId, s.id),
      queryFn: ({ signal }: { signal: AbortSignal }) => api<AgentRun[]>(`/subtasks/${s.id}/runs`, { signal }),
    })),
    combine: (results) => {
      const reasons = new Map<string, string>()
      results.forEach((r, i) => {
        const last = lastFailure(r.data)
        if (last) reasons.set(failed[i].id, last)
      })
      return reasons
    },
  })
}

/** The error of the highest-numbered failed attempt. */
export function lastFailure(runs: AgentRun[] | undefined): string | null {
  const failedRuns = (runs ?? []).filter((r) => r.status === 'FAILED' && r.error_message)
  failedRuns.sort((a, b) => b.attempt_number - a.attempt_number)
  return failedRuns[0]?.error_message ?? null
}
