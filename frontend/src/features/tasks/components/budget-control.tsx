import { Wallet } from 'lucide-react'
import { useState, type FormEvent } from 'react'
import { Badge } from '@/components/ui/badge'
import { Button } from '@/components/ui/button'
import { Dialog, DialogContent } from '@/components/ui/dialog'
import { FieldError, Input } from '@/components/ui/input'
import { inlinePlainText } from '@/lib/inline-markdown'
import { parseBudget } from '@/lib/budget'
import { formatCost } from '@/lib/utils'
import type { Task } from '@/types/api'

export interface BudgetControlProps {
  task: Task
  /** Sets the task's budget in US dollars (null removes it); without it the budget is only shown. */
  onSetBudget?: (task: Task, budgetUsd: number | null) => void
  /** A change of this task's budget is on its way to the server (a refusal shows as a toast). */
  pending?: boolean
}

/**
 * A task's budget in its header: what it cost so far of its budget, a "Budget reached" badge once its
 * runs used it up (its agents stopped), and a way to raise it, which lets the stopped work carry on.
 */
export function BudgetControl({ task, onSetBudget, pending }: BudgetControlProps) {
  const [open, setOpen] = useState(false)
  const [value, setValue] = useState('')
  const [invalid, setInvalid] = useState<string | null>(null)
  if (task.budget_usd == null && !task.budget_reached) return null
  const title = inlinePlainText(task.title)

  const submit = (e: FormEvent) => {
    e.preventDefault()
    const parsed = parseBudget(value)
    if (parsed.error) return setInvalid(parsed.error)
    setInvalid(null)
    onSetBudget?.(task, parsed.value)
    setOpen(false)
  }

  return (
    <span className="flex items-center gap-1.5" data-budget-reached={task.budget_reached ? 'yes' : 'no'}>
      {task.budget_usd != null && (
        <span className="text-xs text-muted tabular-nums" title="what its runs (planner and workers) cost so far, of its budget">
          <Wallet className="mr-0.5 inline size-3" aria-hidden />
          {formatCost(task.cost_usd ?? 0)} / {formatCost(task.budget_usd)}
        </span>
      )}
      {task.budget_reached && (
        <Badge tone="red" title="Its agents stopped and nothing starts until the budget is raised">
          Budget reached
        </Badge>
      )}
      {onSetBudget && (
        <Button
          size="sm"
          variant={task.budget_reached ? 'danger' : 'ghost'}
          disabled={pending}
          aria-label={`Raise the budget of ${title}`}
          onClick={() => {
            setValue(task.budget_usd != null ? String(task.budget_usd) : '')
            setInvalid(null)
            setOpen(true)
          }}
        >
          Raise budget
        </Button>
      )}
      <Dialog open={open} onOpenChange={setOpen}>
        <DialogContent title="Task budget" description="Its agents stop once its runs cost this much. Empty: no limit.">
          <form onSubmit={submit} noValidate className="space-y-3">
            <div>
              <label htmlFor={`budget-${task.id}`} className="mb-1 block text-xs font-medium">
                Budget (US dollars)
              </label>
              <Input
                id={`budget-${task.id}`}
                value={value}
                onChange={(e) => setValue(e.target.value)}
                inputMode="decimal"
                aria-invalid={!!invalid}
                aria-describedby={invalid ? `budget-${task.id}-error` : undefined}
                className="w-40"
                autoFocus
              />
              <p className="mt-1 text-[11px] text-muted">Spent so far: {formatCost(task.cost_usd ?? 0)}</p>
              <FieldError id={`budget-${task.id}-error`}>{invalid}</FieldError>
            </div>
            <div className="flex justify-end gap-2">
              <Button onClick={() => setOpen(false)}>Cancel</Button>
              <Button type="submit" variant="default" disabled={pending}>
                Save budget
              </Button>
            </div>
          </form>
        </DialogContent>
      </Dialog>
    </span>
  )
}
