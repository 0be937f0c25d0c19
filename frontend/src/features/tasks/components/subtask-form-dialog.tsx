import { useState, type FormEvent } from 'react'
import { Button } from '@/components/ui/button'
import { Dialog, DialogContent } from '@/components/ui/dialog'
import { FieldError, Input, Textarea } from '@/components/ui/input'
import { ApiError } from '@/lib/api-client'
import { inlinePlainText } from '@/lib/inline-markdown'
import type { Subtask } from '@/types/api'
import type { SubtaskDraft } from '../api/plan-mutations'

// the planner's limits (docs/agents.md), which the server checks too
export const SUBTASK_TITLE_MAX = 200
export const SUBTASK_SPEC_MAX = 20_000
export const SUBTASK_PLAN_MAX = 20_000

export function validateSubtaskDraft(draft: SubtaskDraft) {
  const errors: { title?: string; spec?: string; implementation_plan?: string } = {}
  if (!draft.title.trim()) errors.title = 'Title is required'
  else if (draft.title.length > SUBTASK_TITLE_MAX) errors.title = `Title must be at most ${SUBTASK_TITLE_MAX} characters`
  if (!draft.spec.trim()) errors.spec = 'Spec is required'
  else if (draft.spec.length > SUBTASK_SPEC_MAX) errors.spec = `Spec must be at most ${SUBTASK_SPEC_MAX} characters`
  if (draft.implementation_plan.length > SUBTASK_PLAN_MAX) errors.implementation_plan = `Implementation plan must be at most ${SUBTASK_PLAN_MAX} characters`
  return errors
}

export interface SubtaskFormDialogProps {
  open: boolean
  onOpenChange: (open: boolean) => void
  /** The subtask edited; left out, the form adds a new one. */
  subtask?: Subtask
  /** The task's subtasks: the ones it may depend on (all but itself). */
  subtasks: Subtask[]
  onSave: (draft: SubtaskDraft) => void
  pending?: boolean
  /** The server's refusal (a cycle, a limit), shown in the form. */
  error?: unknown
}

function draftOf(subtask: Subtask | undefined): SubtaskDraft {
  return {
    title: subtask?.title ?? '',
    spec: subtask?.spec ?? '',
    implementation_plan: subtask?.implementation_plan ?? '',
    depends_on: subtask?.depends_on ?? [],
  }
}

/**
 * A subtask of a plan under review, edited or new: title, spec, implementation plan and the other
 * subtasks it depends on (checkboxes). The form starts from the subtask each time it opens.
 */
export function SubtaskFormDialog({ open, onOpenChange, subtask, subtasks, onSave, pending, error }: SubtaskFormDialogProps) {
  const [draft, setDraft] = useState<SubtaskDraft>(() => draftOf(subtask))
  const [errors, setErrors] = useState<ReturnType<typeof validateSubtaskDraft>>({})
  const [wasOpen, setWasOpen] = useState(open)
  if (open !== wasOpen) {
    setWasOpen(open)
    if (open) {
      setDraft(draftOf(subtask))
      setErrors({})
    }
  }
  const others = subtasks.filter((s) => s.id !== subtask?.id)
  const set = (patch: Partial<SubtaskDraft>) => setDraft((d) => ({ ...d, ...patch }))
  const toggle = (id: string, on: boolean) =>
    set({ depends_on: on ? [...draft.depends_on, id] : draft.depends_on.filter((d) => d !== id) })

  const submit = (e: FormEvent) => {
    e.preventDefault()
    const found = validateSubtaskDraft(draft)
    setErrors(found)
    if (found.title || found.spec || found.implementation_plan) return
    // the board's order, whatever order the boxes were ticked in
    const depends_on = others.filter((s) => draft.depends_on.includes(s.id)).map((s) => s.id)
    onSave({ ...draft, title: draft.title.trim(), depends_on })
  }

  const title = subtask ? `Edit subtask ${subtask.key}` : 'Add subtask'
  return (
    <Dialog open={open} onOpenChange={onOpenChange}>
      <DialogContent title={title} description="The plan awaits your approval; until then its subtasks can change." className="max-h-[80vh] overflow-y-auto">
        <form onSubmit={submit} noValidate className="space-y-3">
          <div>
            <label htmlFor="subtask-title" className="mb-1 block text-xs font-medium">
              Title
            </label>
            <Input
              id="subtask-title"
              value={draft.title}
              onChange={(e) => set({ title: e.target.value })}
              aria-invalid={!!errors.title}
              aria-describedby={errors.title ? 'subtask-title-error' : undefined}
              autoFocus
            />
            <FieldError id="subtask-title-error">{errors.title}</FieldError>
          </div>
          <div>
            <label htmlFor="subtask-spec" className="mb-1 block text-xs font-medium">
              Spec
            </label>
            <Textarea
              id="subtask-spec"
              value={draft.spec}
              onChange={(e) => set({ spec: e.target.value })}
              aria-invalid={!!errors.spec}
              aria-describedby={errors.spec ? 'subtask-spec-error' : undefined}
              rows={5}
            />
            <FieldError id="subtask-spec-error">{errors.spec}</FieldError>
          </div>
          <div>
            <label htmlFor="subtask-plan" className="mb-1 block text-xs font-medium">
              Implementation plan <span className="font-normal text-muted">(optional)</span>
            </label>
            <Textarea
              id="subtask-plan"
              value={draft.implementation_plan}
              onChange={(e) => set({ implementation_plan: e.target.value })}
              aria-invalid={!!errors.implementation_plan}
              aria-describedby={errors.implementation_plan ? 'subtask-plan-error' : undefined}
              rows={4}
            />
            <FieldError id="subtask-plan-error">{errors.implementation_plan}</FieldError>
          </div>
          <fieldset>
            <legend className="mb-1 text-xs font-medium">Depends on</legend>
            {others.length === 0 ? (
              <p className="text-xs text-muted">No other subtasks.</p>
            ) : (
              <ul className="max-h-48 space-y-1 overflow-y-auto rounded-md border border-border p-2">
                {others.map((s) => (
                  <li key={s.id}>
                    {/* a row per subtask, tall enough to be a 24 px target (WCAG 2.5.8) */}
                    <label className="flex min-h-7 items-center gap-2 text-xs">
                      <input type="checkbox" className="size-4 shrink-0" checked={draft.depends_on.includes(s.id)} onChange={(e) => toggle(s.id, e.target.checked)} />
                      <span className="font-mono text-muted">{s.key}</span>{' '}
                      <span className="truncate">{inlinePlainText(s.title)}</span>
                    </label>
                  </li>
                ))}
              </ul>
            )}
          </fieldset>
          {!!error && (
            <p role="alert" className="rounded border border-danger/30 bg-danger/10 px-2 py-1.5 text-xs text-danger">
              {error instanceof ApiError ? error.message : 'Could not save the subtask'}
            </p>
          )}
          <div className="flex justify-end gap-2">
            <Button type="button" onClick={() => onOpenChange(false)}>
              Cancel
            </Button>
            <Button type="submit" variant="default" disabled={pending}>
              {subtask ? 'Save subtask' : 'Add subtask'}
            </Button>
          </div>
        </form>
      </DialogContent>
    </Dialog>
  )
}
