import { useMutation, useQueryClient } from '@tanstack/react-query'
import { api } from '@/lib/api-client'
import { projectKeys } from '@/lib/query-keys'
import type { Subtask, Task } from '@/types/api'

/** The fields a plan under review lets the user set on a subtask. */
export interface SubtaskDraft {
  title: string
  spec: string
  implementation_plan: string
  depends_on: string[]
}

/** Approve plan (`POST /api/tasks/{id}/approve-plan`): the answer replaces the task in the cache. */
export function useApprovePlan(projectId: string) {
  const qc = useQueryClient()
  return useMutation({
    mutationFn: (task: Task) => api<Task>(`/tasks/${task.id}/approve-plan`, { method: 'POST' }),
    onSuccess: (task) => {
      qc.setQueryData<Task[]>(projectKeys.tasks(projectId), (list) => list?.map((t) => (t.id === task.id ? task : t)))
    },
  })
}

/**
 * Saves a subtask of a plan under review (`PATCH /api/subtasks/{id}`). A change of dependencies can
 * move other subtasks too (READY ↔ BLOCKED), so the task's subtasks are read again afterwards; the
 * stream's events say the same to other boards.
 */
export function useUpdatePlanSubtask(projectId: string) {
  const qc = useQueryClient()
  return useMutation({
    meta: { inlineError: true },
    mutationFn: ({ subtask, draft }: { subtask: Subtask; draft: SubtaskDraft }) =>
      api<Subtask>(`/subtasks/${subtask.id}`, { method: 'PATCH', body: draft }),
    onSuccess: (subtask) => {
      qc.setQueryData<Subtask[]>(projectKeys.subtasks(projectId, subtask.task_id), (list) =>
        list?.map((s) => (s.id === subtask.id ? subtask : s)),
      )
      void qc.invalidateQueries({ queryKey: projectKeys.subtasks(projectId, subtask.task_id) })
    },
  })
}

/** Adds a subtask to a plan under review (`POST /api/tasks/{id}/subtasks`), at its end. */
export function useAddPlanSubtask(projectId: string) {
  const qc = useQueryClient()
  return useMutation({
    meta: { inlineError: true },
    mutationFn: ({ task, draft }: { task: Task; draft: SubtaskDraft }) =>
      api<Subtask>(`/tasks/${task.id}/subtasks`, { method: 'POST', body: draft }),
    onSuccess: (subtask) => {
      qc.setQueryData<Subtask[]>(projectKeys.subtasks(projectId, subtask.task_id), (list) =>
        list ? (list.some((s) => s.id === subtask.id) ? list : [...list, subtask]) : [subtask],
      )
    },
  })
}

/** Removes a subtask from a plan under review (`DELETE /api/subtasks/{id}`); its dependents are read again. */
export function useRemovePlanSubtask(projectId: string) {
  const qc = useQueryClient()
  return useMutation({
    meta: { inlineError: true },
    mutationFn: (subtask: Subtask) => api<void>(`/subtasks/${subtask.id}`, { method: 'DELETE' }),
    onSuccess: (_v, subtask) => {
      qc.setQueryData<Subtask[]>(projectKeys.subtasks(projectId, subtask.task_id), (list) =>
        list?.filter((s) => s.id !== subtask.id).map((s) => ({ ...s, depends_on: s.depends_on.filter((id) => id !== subtask.id) })),
      )
      void qc.invalidateQueries({ queryKey: projectKeys.subtasks(projectId, subtask.task_id) })
    },
  })
}
