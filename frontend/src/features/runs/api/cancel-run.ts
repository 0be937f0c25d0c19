import { useMutation, useQueryClient } from '@tanstack/react-query'
import { toast } from 'sonner'
import { api } from '@/lib/api-client'
import { projectKeys } from '@/lib/query-keys'
import type { AgentRun } from '@/types/api'

/**
 * Stops a queued or running run (`POST /runs/{id}/cancel`). The answer comes once the stop is
 * recorded; the event stream patches the board, and the run lists are refetched for what it does not
 * carry (the run's end time).
 */
export function useCancelRun(projectId: string) {
  const qc = useQueryClient()
  return useMutation({
    mutationFn: (runId: string) => api<AgentRun>(`/runs/${runId}/cancel`, { method: 'POST' }),
    onSuccess: (run) => {
      toast.success(run.subtask_id ? 'Stopped: retry the subtask to run it again' : 'Stopped: retry planning to plan again')
      void qc.invalidateQueries({ queryKey: projectKeys.activeRuns(projectId) })
      void qc.invalidateQueries({
        queryKey: run.subtask_id ? projectKeys.workerRuns(projectId, run.subtask_id) : projectKeys.plannerRuns(projectId, run.task_id),
      })
    },
  })
}
