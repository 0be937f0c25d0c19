import { queryOptions, useQuery } from '@tanstack/react-query'
import { api } from '@/lib/api-client'
import type { ActiveRunsData } from '@/lib/events/cache-patches'
import { usePollWhileDisconnected } from '@/lib/events/project-events-context'
import { projectKeys } from '@/lib/query-keys'
import type { AgentRun } from '@/types/api'

export const plannerRunsQuery = (projectId: string, taskId: string) =>
  queryOptions({
    queryKey: projectKeys.plannerRuns(projectId, taskId),
    queryFn: ({ signal }) => api<AgentRun[]>(`/tasks/${taskId}/runs`, { signal }),
  })

export const workerRunsQuery = (projectId: string, subtaskId: string) =>
  queryOptions({
    queryKey: projectKeys.workerRuns(projectId, subtaskId),
    queryFn: ({ signal }) => api<AgentRun[]>(`/subtasks/${subtaskId}/runs`, { signal }),
  })

export const activeRunsQuery = (projectId: string) =>
  queryOptions({
    queryKey: projectKeys.activeRuns(projectId),
    queryFn: ({ signal }) => api<ActiveRunsData>(`/projects/${projectId}/active-runs`, { signal }),
  })

export function usePlannerRuns(projectId: string, taskId: string, enabled = true) {
  const refetchInterval = usePollWhileDisconnected()
  return useQuery({ ...plannerRunsQuery(projectId, taskId), enabled, refetchInterval })
}

export function useWorkerRuns(projectId: string, subtaskId: string, enabled = true) {
  const refetchInterval = usePollWhileDisconnected()
  return useQuery({ ...workerRunsQuery(projectId, subtaskId), enabled, refetchInterval })
}

/** Queued and running runs of the project; kept current by the event stream. */
export function useActiveRuns(projectId: string) {
  const refetchInterval = usePollWhileDisconnected()
  return useQuery({ ...activeRunsQuery(projectId), refetchInterval, staleTime: Infinity })
}
