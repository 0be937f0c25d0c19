import { useMutation, useQueryClient } from '@tanstack/react-query'
import { api } from '@/lib/api-client'
import { projectKeys } from '@/lib/query-keys'
import type { Subtask } from '@/types/api'

type Action = 'start' | 'merge' | 'mark-merged' | 'retry' | 'resolve' | 'approve'

/**
 * Start, Merge, Mark Merged, Retry, Resolve (a conflicted branch goes back to its worker with a
 * `conflict` follow-up), Approve (an autopilot may then merge it where approval is required): the
 * answer replaces the subtask in the cache.
 */
export function useSubtaskAction(projectId: string, action: Action) {
  const qc = useQueryClient()
  return useMutation({
    mutationFn: (subtask: Subtask) => api<Subtask>(`/subtasks/${subtask.id}/${action}`, { method: 'POST' }),
    onSuccess: (updated) => {
      const { current_run: _ignored, ...subtask } = updated as Subtask & { current_run?: unknown }
      qc.setQueryData<Subtask[]>(projectKeys.subtasks(projectId, subtask.task_id), (list) =>
        list?.map((s) => (s.id === subtask.id ? { ...s, ...subtask } : s)),
      )
      if (action === 'start' || action === 'retry' || action === 'resolve') {
        void qc.invalidateQueries({ queryKey: projectKeys.workerRuns(projectId, subtask.id) })
      }
    },
  })
}

export interface LineComment {
  path: string
  line?: number
  body: string
}

/** Request changes: the worker runs again on the same branch with the comment in its prompt. */
export function useRequestChanges(projectId: string) {
  const qc = useQueryClient()
  return useMutation({
    meta: { inlineError: true },
    mutationFn: ({ subtask, comment, comments }: { subtask: Subtask; comment: string; comments?: LineComment[] }) =>
      api<Subtask>(`/subtasks/${subtask.id}/request-changes`, { method: 'POST', body: { comment, comments } }),
    onSuccess: (subtask) => {
      qc.setQueryData<Subtask[]>(projectKeys.subtasks(projectId, subtask.task_id), (list) =>
        list?.map((s) => (s.id === subtask.id ? { ...s, ...subtask } : s)),
      )
      void qc.invalidateQueries({ queryKey: projectKeys.workerRuns(projectId, subtask.id) })
    },
  })
}

/**
 * Reorders a subtask within its board column (its task and status). The cache changes at once;
 * if the server refuses, the previous order comes back and a toast says why.
 */
export function useMoveSubtask(projectId: string) {
  const qc = useQueryClient()
  return useMutation({
    mutationFn: ({ subtask, position }: { subtask: Subtask; position: number }) =>
      api<Subtask>(`/subtasks/${subtask.id}/position`, { method: 'PATCH', body: { position } }),
    onMutate: async ({ subtask, position }) => {
      const key = projectKeys.subtasks(projectId, subtask.task_id)
      await qc.cancelQueries({ queryKey: key })
      const previous = qc.getQueryData<Subtask[]>(key)
      if (previous) qc.setQueryData(key, reorder(previous, subtask.id, position))
      return { key, previous }
    },
    onError: (_e, _vars, ctx) => {
      if (ctx?.previous) qc.setQueryData(ctx.key, ctx.previous)
    },
    onSettled: (_d, _e, { subtask }) => {
      void qc.invalidateQueries({ queryKey: projectKeys.subtasks(projectId, subtask.task_id) })
    },
  })
}

/**
 * The list with `id` moved to index `position` among the subtasks of its status, as the server
 * orders them; positions are renumbered 0..n-1 per status so sorting by position gives the new order.
 */
export function reorder(list: Subtask[], id: string, position: number): Subtask[] {
  const moving = list.find((s) => s.id === id)
  if (!moving) return list
  const inColumn = list.filter((s) => s.status === moving.status && s.id !== id).sort((a, b) => a.position - b.position)
  inColumn.splice(Math.min(Math.max(position, 0), inColumn.length), 0, moving)
  const positions = new Map(inColumn.map((s, i) => [s.id, i]))
  return list.map((s) => (positions.has(s.id) ? { ...s, position: positions.get(s.id)! } : s))
}
