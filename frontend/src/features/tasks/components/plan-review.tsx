import { CheckCheck, Pencil, Plus, Trash2 } from 'lucide-react'
import { useState } from 'react'
import { ConfirmDialog } from '@/components/confirm-dialog'
import { Button } from '@/components/ui/button'
import { InlineMarkdown } from '@/components/ui/inline-markdown'
import { ApiError } from '@/lib/api-client'
import { inlinePlainText } from '@/lib/inline-markdown'
import type { Subtask, Task } from '@/types/api'
import { useAddPlanSubtask, useApprovePlan, useRemovePlanSubtask, useUpdatePlanSubtask, type SubtaskDraft } from '../api/plan-mutations'
import { SubtaskFormDialog } from './subtask-form-dialog'

export interface PlanReviewProps {
  projectId: string
  task: Task
  subtasks: Subtask[]
}

/** "Plan awaits your approval" with the Approve plan button; a banner on top of the plan view. */
export function PlanApprovalBanner({ projectId, task }: { projectId: string; task: Task }) {
  const approve = useApprovePlan(projectId)
  return (
    <section aria-label="Plan approval" className="flex flex-wrap items-center gap-3 rounded-md border border-amber-500/40 bg-amber-500/10 px-3 py-2">
      <div className="min-w-0 flex-1">
        <h3 className="text-[13px] font-semibold text-amber-800 dark:text-amber-300">Plan awaits your approval</h3>
        <p className="text-xs text-muted">Nothing of it starts until you approve it. Edit, add or remove subtasks first if the plan needs it.</p>
      </div>
      <Button variant="default" onClick={() => approve.mutate(task)} disabled={approve.isPending}>
        <CheckCheck /> Approve plan
      </Button>
    </section>
  )
}

/**
 * The subtasks of a plan under review as a list to edit: each with Edit and Remove (asked first),
 * and Add subtask at the end. Other boards follow by the stream's subtask events.
 */
export function PlanReview({ projectId, task, subtasks }: PlanReviewProps) {
  const [editing, setEditing] = useState<Subtask | 'new' | null>(null)
  const [removing, setRemoving] = useState<Subtask | null>(null)
  const update = useUpdatePlanSubtask(projectId)
  const add = useAddPlanSubtask(projectId)
  const remove = useRemovePlanSubtask(projectId)
  const keyOf = new Map(subtasks.map((s) => [s.id, s.key]))
  const saving = editing === 'new' ? add : update
  const closeForm = () => {
    setEditing(null)
    update.reset()
    add.reset()
  }
  const save = (draft: SubtaskDraft) => {
    if (editing === 'new') add.mutate({ task, draft }, { onSuccess: closeForm })
    else if (editing) update.mutate({ subtask: editing, draft }, { onSuccess: closeForm })
  }
  return (
    <div className="space-y-2">
      <ul className="divide-y divide-border rounded-md border border-border" aria-label="Subtasks of the plan">
        {subtasks.map((s) => {
          const deps = s.depends_on.map((id) => keyOf.get(id) ?? '?')
          return (
            <li key={s.id} className="flex items-center gap-2 px-2.5 py-1.5 text-xs" data-plan-subtask={s.key}>
              <span className="font-mono text-muted">{s.key}</span>
              <span className="min-w-0 flex-1 truncate font-medium">
                <InlineMarkdown>{s.title}</InlineMarkdown>
              </span>
              {deps.length > 0 && <span className="shrink-0 text-muted">after {deps.join(', ')}</span>}
              <Button size="sm" variant="ghost" onClick={() => setEditing(s)} aria-label={`Edit ${s.key}`} title={`Edit ${inlinePlainText(s.title)}`}>
                <Pencil /> Edit
              </Button>
              <Button size="sm" variant="ghost" onClick={() => setRemoving(s)} aria-label={`Remove ${s.key}`} title={`Remove ${inlinePlainText(s.title)}`}>
                <Trash2 /> Remove
              </Button>
            </li>
          )
        })}
      </ul>
      <Button size="sm" onClick={() => setEditing('new')}>
        <Plus /> Add subtask
      </Button>
      <SubtaskFormDialog
        open={editing !== null}
        onOpenChange={(o) => !o && closeForm()}
        subtask={editing === 'new' || editing === null ? undefined : editing}
        subtasks={subtasks}
        onSave={save}
        pending={saving.isPending}
        error={saving.error}
      />
      <ConfirmDialog
        open={removing !== null}
        onOpenChange={(o) => {
          if (!o) {
            setRemoving(null)
            remove.reset()
          }
        }}
        title={removing ? `Remove subtask ${removing.key}?` : 'Remove subtask?'}
        confirmLabel="Remove subtask"
        pending={remove.isPending}
        onConfirm={() => removing && remove.mutate(removing, { onSuccess: () => setRemoving(null) })}
      >
        <p>
          {removing && <InlineMarkdown>{removing.title}</InlineMarkdown>} leaves the plan; subtasks that depend on it no longer do.
        </p>
        {remove.error && (
          <p role="alert" className="text-xs text-danger">
            {remove.error instanceof ApiError ? remove.error.message : 'Could not remove the subtask'}
          </p>
        )}
      </ConfirmDialog>
    </div>
  )
}
