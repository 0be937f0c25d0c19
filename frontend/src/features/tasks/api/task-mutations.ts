import { useMutation, useQueryClient } from '@tanstack/react-query'
import { api } from '@/lib/api-client'
import { removeTaskFromCache } from '@/lib/events/cache-patches'
import { projectKeys } from '@/lib/query-keys'
import type { StartReadyResponse, Subtask, Task } from '@/types/api'

export function useCreateTask(projectId: string) {
  const qc = useQueryClient()
  return useMutation({
    meta: { inlineError: true },
    mutationFn: (body: { title: string; description: string; autopilot?: boolean; require_plan_approval?: boolean; budget_usd?: number }) =>
      api<Task>(`/projects/${projectId}/tasks`, { method: 'POST', body }),
    onSuccess: (task) => {
      qc.setQueryData<Task[]>(projectKeys.tasks(projectId), (list) =>
        list ? (list.some((t) => t.id === task.id) ? list : [...list, task]) : [task],
      )
    },
  })
}

export function useRetryPlanning(projectId: string) {
  const qc = useQueryClient()
  return useMutation({
    mutationFn: (taskId: string) => api<Task>(`/tasks/${taskId}/retry-planning`, { method: 'POST' }),
    onSuccess: (task) => {
      qc.setQueryData<Task[]>(projectKeys.tasks(projectId), (list) => list?.map((t) => (t.id === task.id ? task : t)))
    },
  })
}

/**
 * Deletes a task with its subtasks and runs; the board drops it at once (other boards by
 * `task:deleted`). The server refuses (409) while a worktree holds commits that were never pushed,
 * unless `discardUnpushed`; the dialog shows that inline.
 */
export function useDeleteTask(projectId: string) {
  const qc = useQueryClient()
  return useMutation({
    meta: { inlineError: true },
    mutationFn: ({ taskId, discardUnpushed = false }: { taskId: string; discardUnpushed?: boolean }) =>
      api<void>(`/tasks/${taskId}${discardUnpushed ? '?discard_unpushed=true' : ''}`, { method: 'DELETE' }),
    onSuccess: (_v, { taskId }) => removeTaskFromCache(qc, projectId, taskId),
  })
}

/**
 * Switches a task's autopilot (`PATCH /api/tasks/{id}`). The switch flips at once; if the server
 * refuses, it flips back and a toast says why. Other boards learn of it by `task:updated`.
 */
export function useSetTaskAutopilot(projectId: string) {
  const qc = useQueryClient()
  return useMutation({
    mutationFn: ({ task, autopilot }: { task: Task; autopilot: boolean }) =>
      api<Task>(`/tasks/${task.id}`, { method: 'PATCH', body: { autopilot } }),
    onMutate: async ({ task, autopilot }) => {
      const key = projectKeys.tasks(projectId)
      await qc.cancelQueries({ queryKey: key, exact: true })
      const previous = qc.getQueryData<Task[]>(key)
      qc.setQueryData<Task[]>(key, (list) => list?.map((t) => (t.id === task.id ? { ...t, autopilot } : t)))
      return { previous }
    },
    onError: (_e, _vars, ctx) => {
      if (ctx?.previous) qc.setQueryData(projectKeys.tasks(projectId), ctx.previous)
    },
    onSuccess: (task) => {
      qc.setQueryData<Task[]>(projectKeys.tasks(projectId), (list) => list?.map((t) => (t.id === task.id ? task : t)))
    },
  })
}

/**
 * Start all ready (`POST /api/tasks/{id}/start-ready`): every READY subtask of the task starts, as
 * with Start on each card. The subtasks of the answer replace theirs in the cache.
 */
export function useStartAllReady(projectId: string) {
  const qc = useQueryClient()
  return useMutation({
    mutationFn: (task: Task) => api<StartReadyResponse>(`/tasks/${task.id}/start-ready`, { method: 'POST' }),
    onSuccess: ({ started }, task) => {
      // none was ready after all (started elsewhere meanwhile): the board's copy is out of date
      if (started.length === 0) return void qc.invalidateQueries({ queryKey: projectKeys.subtasks(projectId, task.id) })
      const byId = new Map(started.map((s) => [s.id, s]))
      qc.setQueryData<Subtask[]>(projectKeys.subtasks(projectId, task.id), (list) => list?.map((s) => ({ ...s, ...byId.get(s.id) })))
      for (const s of started) void qc.invalidateQueries({ queryKey: projectKeys.workerRuns(projectId, s.id) })
    },
  })
}

/**
 * Changes a task's budget in US dollars (`PATCH /api/tasks/{id}`; null removes it). A budget above
 * what the task spent clears "budget reached", and the server carries on with what the budget stopped;
 * the answer replaces the task in the cache, other boards learn of it by `task:updated`; a refusal
 * shows as a toast.
 */
export function useSetTaskBudget(projectId: string) {
  const qc = useQueryClient()
  return useMutation({
    mutationFn: ({ task, budgetUsd }: { task: Task; budgetUsd: number | null }) =>
      api<Task>(`/tasks/${task.id}`, { method: 'PATCH', body: { budget_usd: budgetUsd } }),
    onSuccess: (task) => {
      qc.setQueryData<Task[]>(projectKeys.tasks(projectId), (list) => list?.map((t) => (t.id === task.id ? task : t)))
      // subtasks the budget stopped run again
      void qc.invalidateQueries({ queryKey: projectKeys.subtasks(projectId, task.id) })
    },
  })
}
