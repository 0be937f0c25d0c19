import { queryOptions, useQueries, useQuery } from '@tanstack/react-query'
import { api } from '@/lib/api-client'
import { usePollWhileDisconnected } from '@/lib/events/project-events-context'
import { projectKeys } from '@/lib/query-keys'
import type { Subtask, Task } from '@/types/api'

export const tasksQuery = (projectId: string) =>
  queryOptions({
    queryKey: projectKeys.tasks(projectId),
    queryFn: ({ signal }) => api<Task[]>(`/projects/${projectId}/tasks`, { signal }),
  })

export const subtasksQuery = (projectId: string, taskId: string) =>
  queryOptions({
    queryKey: projectKeys.subtasks(projectId, taskId),
    queryFn: ({ signal }) => api<Subtask[]>(`/tasks/${taskId}/subtasks`, { signal }),
  })

/** The project's tasks; polled only while the event stream is down. */
export function useTasks(projectId: string) {
  const refetchInterval = usePollWhileDisconnected()
  return useQuery({ ...tasksQuery(projectId), refetchInterval })
}

/** Subtasks of every task given, in one list per task. */
export function useAllSubtasks(projectId: string, tasks: Task[] | undefined) {
  const refetchInterval = usePollWhileDisconnected()
  return useQueries({
    queries: (tasks ?? [])
      // a task still planning has no subtasks yet; its ACTIVE event invalidates this query
      .filter((t) => t.status !== 'PLANNING' && t.status !== 'PLANNING_FAILED')
      .map((t) => ({ ...subtasksQuery(projectId, t.id), refetchInterval })),
    combine: (results) => ({
      subtasks: results.flatMap((r) => r.data ?? []),
      loading: results.some((r) => r.isPending),
    }),
  })
}
