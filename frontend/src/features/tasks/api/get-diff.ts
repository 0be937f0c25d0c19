import { queryOptions, useQuery } from '@tanstack/react-query'
import { api } from '@/lib/api-client'
import { projectKeys } from '@/lib/query-keys'
import type { SubtaskDiff } from '@/types/api'

export const diffQuery = (projectId: string, subtaskId: string) =>
  queryOptions({
    queryKey: projectKeys.diff(projectId, subtaskId),
    queryFn: ({ signal }) => api<SubtaskDiff>(`/subtasks/${subtaskId}/diff`, { signal }),
    retry: false,
  })

export function useDiff(projectId: string, subtaskId: string, enabled: boolean) {
  return useQuery({ ...diffQuery(projectId, subtaskId), enabled })
}
