import { Plus } from 'lucide-react'
import { useState, type FormEvent } from 'react'
import { Button } from '@/components/ui/button'
import { Dialog, DialogContent, DialogTrigger } from '@/components/ui/dialog'
import { FieldError, Input, Textarea } from '@/components/ui/input'
import { Switch } from '@/components/ui/switch'
import { ApiError } from '@/lib/api-client'
import { AUTOPILOT_HINT } from '@/lib/autopilot'
import { parseBudget } from '@/lib/budget'
import { PLAN_REVIEW_HINT } from '@/lib/plan-approval'
import { useCreateTask } from '../api/task-mutations'

export const TITLE_MAX = 200
export const DESCRIPTION_MAX = 20_000

export function validateTask(title: string, description: string) {
  const errors: { title?: string; description?: string; budget?: string } = {}
  if (!title.trim()) errors.title = 'Title is required'
  else if (title.length > TITLE_MAX) errors.title = `Title must be at most ${TITLE_MAX} characters`
  if (!description.trim()) errors.description = 'Description is required'
  else if (description.length > DESCRIPTION_MAX) errors.description = `Description must be at most ${DESCRIPTION_MAX} characters`
  return errors
}

export interface CreateTaskDialogProps {
  projectId: string
  autopilotDefault?: boolean
  /** The project's `budget_usd_default`, shown as what an empty budget means. */
  budgetDefault?: number | null
  /** The project's `plan_approval_default`: whether "Review the plan before work starts" starts ticked. */
  planApprovalDefault?: boolean
  /** Open and close it from outside too (the empty board's "Create the first task", the "n" shortcut); left out, the dialog keeps its own state. */
  open?: boolean
  onOpenChange?: (open: boolean) => void
}

/**
 * New task: the planner starts on it as soon as it is created. Its autopilot and plan review start
 * as the project's defaults (`autopilotDefault`, `planApprovalDefault`) each time the dialog opens.
 */
export function CreateTaskDialog({ projectId, autopilotDefault = false, planApprovalDefault = false, budgetDefault = null, open: openProp, onOpenChange }: CreateTaskDialogProps) {
  const [ownOpen, setOwnOpen] = useState(false)
  const open = openProp ?? ownOpen
  const setOpen = (o: boolean) => {
    if (openProp === undefined) setOwnOpen(o)
    onOpenChange?.(o)
  }
  const [title, setTitle] = useState('')
  const [description, setDescription] = useState('')
  const [autopilot, setAutopilot] = useState(autopilotDefault)
  const [reviewPlan, setReviewPlan] = useState(planApprovalDefault)
  const [budget, setBudget] = useState('')
  const [errors, setErrors] = useState<{ title?: string; description?: string; budget?: string }>({})
  const create = useCreateTask(projectId)
  // every opening, by the trigger or from outside, starts from the project's default
  const [wasOpen, setWasOpen] = useState(open)
  if (open !== wasOpen) {
    setWasOpen(open)
    if (open) {
      setAutopilot(autopilotDefault)
      setReviewPlan(planApprovalDefault)
    }
  }

  const submit = (e: FormEvent) => {
    e.preventDefault()
    const found = validateTask(title, description)
    const parsedBudget = parseBudget(budget)
    if (parsedBudget.error) found.budget = parsedBudget.error
    setErrors(found)
    if (found.title || found.description || found.budget) return
    create.mutate(
      { title: title.trim(), description, autopilot, require_plan_approval: reviewPlan, ...(parsedBudget.value != null ? { budget_usd: parsedBudget.value } : {}) },
      {
        onSuccess: () => {
          setOpen(false)
          setTitle('')
          setDescription('')
          setBudget('')
          create.reset()
        },
      },
    )
  }

  return (
    <Dialog
      open={open}
      onOpenChange={(o) => {
        setOpen(o)
        if (!o) {
          setErrors({})
          create.reset()
        }
      }}
    >
      <DialogTrigger asChild>
        <Button variant="default">
          <Plus /> New task
        </Button>
      </DialogTrigger>
      <DialogContent title="New task" description="Describe the change; the planner breaks it into subtasks.">
        <form onSubmit={submit} noValidate className="space-y-3">
          <div>
            <label htmlFor="task-title" className="mb-1 block text-xs font-medium">
              Title
            </label>
            <Input
              id="task-title"
              value={title}
              onChange={(e) => setTitle(e.target.value)}
              aria-invalid={!!errors.title}
              aria-describedby={errors.title ? 'task-title-error' : undefined}
              autoFocus
            />
            <div className="flex justify-between">
              <FieldError id="task-title-error">{errors.title}</FieldError>
              <span className={`mt-1 ml-auto text-[11px] tabular-nums ${title.length > TITLE_MAX ? 'text-danger' : 'text-muted'}`}>
                {title.length}/{TITLE_MAX}
              </span>
            </div>
          </div>
          <div>
            <label htmlFor="task-description" className="mb-1 block text-xs font-medium">
              Description
            </label>
            <Textarea
              id="task-description"
              value={description}
              onChange={(e) => setDescription(e.target.value)}
              aria-invalid={!!errors.description}
              aria-describedby={errors.description ? 'task-description-error' : undefined}
              rows={6}
            />
            <FieldError id="task-description-error">{errors.description}</FieldError>
          </div>
          <div className="flex items-start gap-2">
            <Switch id="task-autopilot" checked={autopilot} onCheckedChange={setAutopilot} aria-describedby="task-autopilot-hint" className="mt-0.5" />
            <div>
              <label htmlFor="task-autopilot" className="block text-xs font-medium">
                Autopilot
              </label>
              <p id="task-autopilot-hint" className="text-[11px] text-muted">
                {AUTOPILOT_HINT}
              </p>
            </div>
          </div>
          <div className="flex items-start gap-2">
            <input
              id="task-review-plan"
              type="checkbox"
              checked={reviewPlan}
              onChange={(e) => setReviewPlan(e.target.checked)}
              aria-describedby="task-review-plan-hint"
              className="mt-0.5 size-4 shrink-0"
            />
            <div>
              <label htmlFor="task-review-plan" className="block text-xs font-medium">
                Review the plan before work starts
              </label>
              <p id="task-review-plan-hint" className="text-[11px] text-muted">
                {PLAN_REVIEW_HINT}
              </p>
            </div>
          </div>
          <div>
            <label htmlFor="task-budget" className="mb-1 block text-xs font-medium">
              Budget (US dollars)
            </label>
            <Input
              id="task-budget"
              value={budget}
              onChange={(e) => setBudget(e.target.value)}
              inputMode="decimal"
              placeholder={budgetDefault != null ? `project default: $${budgetDefault}` : 'no limit'}
              aria-invalid={!!errors.budget}
              aria-describedby={errors.budget ? 'task-budget-error' : 'task-budget-hint'}
              className="w-40"
            />
            <p id="task-budget-hint" className="mt-1 text-[11px] text-muted">
              Its agents stop once its runs cost this much; you can raise it and continue
            </p>
            <FieldError id="task-budget-error">{errors.budget}</FieldError>
          </div>
          {create.error && (
            <p role="alert" className="rounded border border-danger/30 bg-danger/10 px-2 py-1.5 text-xs text-danger">
              {create.error instanceof ApiError ? create.error.message : 'Could not create the task'}
            </p>
          )}
          <div className="flex justify-end gap-2">
            <Button onClick={() => setOpen(false)}>Cancel</Button>
            <Button type="submit" variant="default" disabled={create.isPending}>
              Create task
            </Button>
          </div>
        </form>
      </DialogContent>
    </Dialog>
  )
}
