import { useQuery } from '@tanstack/react-query'
import { api } from '@/lib/api-client'
import type { Subtask } from '@/types/api'

/** One subtask, for a deep link whose subtask is not in the board's lists (yet). */
export function useSubtask(subtaskId: string | undefined, enabled: boolean) {
  return useQuery({
    queryKey: ['subtask', subtaskId],
    queryFn: ({ signal }) => api<Subtask>(`/subtasks/${subtaskId}`, { signal }),
    enabled: enabled && !!subtaskId,
    retry: false,
  })
}
