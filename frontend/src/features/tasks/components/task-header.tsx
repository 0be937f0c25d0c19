import { Bot, ChevronDown, ChevronRight, ClipboardCheck, Play, RotateCcw, ScrollText, Trash2, Workflow } from 'lucide-react'
import { StopButton } from '@/components/stop-button'
import { Badge, type BadgeTone } from '@/components/ui/badge'
import { Button } from '@/components/ui/button'
import { InlineMarkdown } from '@/components/ui/inline-markdown'
import { Spinner } from '@/components/ui/spinner'
import { Switch } from '@/components/ui/switch'
import { AUTOPILOT_HINT } from '@/lib/autopilot'
import { inlinePlainText } from '@/lib/inline-markdown'
import { awaitsPlanApproval, PLAN_AWAITS_APPROVAL } from '@/lib/plan-approval'
import { formatCost, formatTokens } from '@/lib/utils'
import { BudgetControl } from './budget-control'
import type { ActiveRun, Subtask, Task, TaskStatus } from '@/types/api'

const STATUS: Record<TaskStatus, { label: string; tone: BadgeTone }> = {
  PLANNING: { label: 'Planning', tone: 'violet' },
  PLANNING_FAILED: { label: 'Planning failed', tone: 'red' },
  ACTIVE: { label: 'Active', tone: 'blue' },
  DONE: { label: 'Done', tone: 'green' },
}

export function TaskStatusBadge({ status }: { status: TaskStatus }) {
  const s = STATUS[status] ?? { label: status, tone: 'neutral' as const }
  return <Badge tone={s.tone}>{s.label}</Badge>
}

export interface TaskHeaderProps {
  task: Task
  subtasks: Subtask[]
  collapsed: boolean
  onToggle: () => void
  onViewPlannerLogs: (task: Task) => void
  onRetryPlanning: (task: Task) => void
  retrying: boolean
  /** The planner's queued or running run, which `onStopRun` stops. */
  plannerRun?: ActiveRun
  onStopRun?: (run: ActiveRun) => void
  onDelete?: (task: Task) => void
  /** Switches the task's autopilot; without it the header only shows whether it is on. */
  onSetAutopilot?: (task: Task, autopilot: boolean) => void
  /** A switch of this task's autopilot is on its way to the server. */
  autopilotPending?: boolean
  /** Starts every ready subtask of the task; offered while the autopilot is off and one is ready. */
  onStartAllReady?: (task: Task) => void
  /** A start-all of this task is on its way to the server. */
  startingAllReady?: boolean
  /** Opens the task's plan: description, spec, planner log and the subtasks' dependency graph. */
  onViewPlan?: (task: Task) => void
  /** Changes the task's budget (raising a reached one lets the stopped work carry on). */
  onSetBudget?: (task: Task, budgetUsd: number | null) => void
  /** A change of this task's budget is on its way to the server. */
  budgetPending?: boolean
}

/** What the agents of these subtasks used, in tokens (their worker runs; the cache adds each finished run). */
export function tokensOf(subtasks: Subtask[]): number {
  return subtasks.reduce((sum, s) => sum + s.token_usage, 0)
}

/**
 * What the agents of these subtasks cost in US dollars, where known (their worker runs); null when no
 * run reported or priced a cost, since unknown is not free.
 */
export function costOf(subtasks: Subtask[]): number | null {
  return subtasks.reduce<number | null>((sum, s) => (s.cost_usd == null ? sum : (sum ?? 0) + s.cost_usd), null)
}

/**
 * The task's tokens: the server's total of all its runs (`task:updated` keeps it live), or, while a
 * finished worker's tokens reached its card first, the sum over its subtasks.
 */
export function taskTokens(task: Task, subtasks: Subtask[]): number {
  return Math.max(task.token_usage ?? 0, tokensOf(subtasks))
}

/** The task's cost so far, the same way as {@link taskTokens}; null while no run's cost is known. */
export function taskCost(task: Task, subtasks: Subtask[]): number | null {
  const sum = costOf(subtasks)
  if (task.cost_usd == null) return sum
  return sum == null ? task.cost_usd : Math.max(task.cost_usd, sum)
}

/** The project's tokens and cost so far: its tasks' totals ({@link taskTokens}, {@link taskCost}) added up. */
export function projectTotals(tasks: Task[], subtasks: Subtask[]): { tokens: number; cost: number | null } {
  let tokens = 0
  let cost: number | null = null
  for (const task of tasks) {
    const own = subtasks.filter((s) => s.task_id === task.id)
    tokens += taskTokens(task, own)
    const c = taskCost(task, own)
    if (c != null) cost = (cost ?? 0) + c
  }
  return { tokens, cost }
}

/** A task on the board: the header of its group of subtasks. */
export function TaskHeader({ task, subtasks, collapsed, onToggle, onViewPlannerLogs, onRetryPlanning, retrying, plannerRun, onStopRun, onDelete, onSetAutopilot, autopilotPending, onStartAllReady, startingAllReady, onViewPlan, onSetBudget, budgetPending }: TaskHeaderProps) {
  const merged = subtasks.filter((s) => s.status === 'MERGED').length
  const ready = subtasks.filter((s) => s.status === 'READY').length
  const tokens = taskTokens(task, subtasks)
  const cost = taskCost(task, subtasks)
  const title = inlinePlainText(task.title)
  const waiting = awaitsPlanApproval(task) && task.status === 'ACTIVE'
  return (
    <div className="flex flex-wrap items-center gap-2 px-2 py-1.5" data-task={task.id} data-task-status={task.status} data-autopilot={task.autopilot ? 'on' : 'off'}>
      <button
        onClick={onToggle}
        aria-expanded={!collapsed}
        aria-label={`${collapsed ? 'Expand' : 'Collapse'} ${title}`}
        className="rounded p-0.5 text-muted hover:bg-raised hover:text-fg"
      >
        {collapsed ? <ChevronRight className="size-4" /> : <ChevronDown className="size-4" />}
      </button>
      <h2 className="min-w-0 truncate text-[13px] font-semibold">
        <InlineMarkdown>{task.title}</InlineMarkdown>
      </h2>
      <TaskStatusBadge status={task.status} />
      {subtasks.length > 0 && (
        <span className="text-xs text-muted tabular-nums">
          {merged}/{subtasks.length} merged
        </span>
      )}
      {tokens > 0 && (
        <span className="text-xs text-muted tabular-nums" title="tokens used by the agents of its subtasks and its planner">
          Σ {formatTokens(tokens)} tokens
          {cost != null && <span title="what they cost, where the runtime reported or the price table knew it"> · {formatCost(cost)}</span>}
        </span>
      )}
      {task.status === 'PLANNING' && (
        <>
          <Spinner label="Planning" className="text-violet-600 dark:text-violet-300" />
          <Button size="sm" variant="ghost" onClick={() => onViewPlannerLogs(task)} aria-label={`View planner logs of ${title}`}>
            <ScrollText /> Planner logs
          </Button>
          {plannerRun && onStopRun && <StopButton label={`Stop planning ${title}`} onStop={() => onStopRun(plannerRun)} />}
        </>
      )}
      {task.status === 'PLANNING_FAILED' && (
        <>
          {task.error_message && (
            <span className="min-w-0 truncate text-xs text-red-700 dark:text-red-300" title={task.error_message}>
              {task.error_message}
            </span>
          )}
          <Button size="sm" variant="danger" onClick={() => onRetryPlanning(task)} disabled={retrying}>
            <RotateCcw /> Retry Planning
          </Button>
          <Button size="sm" variant="ghost" onClick={() => onViewPlannerLogs(task)} aria-label={`View planner logs of ${title}`}>
            <ScrollText /> Logs
          </Button>
        </>
      )}
      <div className="ml-auto flex items-center gap-2">
        {waiting && (
          <Badge tone="amber" title={PLAN_AWAITS_APPROVAL}>
            <ClipboardCheck className="size-3" /> Plan awaits approval
          </Badge>
        )}
        {onStartAllReady && ready > 0 && !task.autopilot && (
          <Button
            size="sm"
            variant="default"
            onClick={() => onStartAllReady(task)}
            disabled={startingAllReady || waiting}
            aria-label={`Start all ready subtasks of ${title}`}
            title={waiting ? PLAN_AWAITS_APPROVAL : undefined}
          >
            <Play /> Start all ready ({ready})
          </Button>
        )}
        {onViewPlan && (
          <Button size="sm" variant="ghost" onClick={() => onViewPlan(task)} aria-label={`Plan of ${title}`} title="Description, spec, planner log and the plan as a graph">
            <Workflow /> Plan
          </Button>
        )}
        <BudgetControl task={task} onSetBudget={onSetBudget} pending={budgetPending} />
        <AutopilotControl task={task} onSetAutopilot={onSetAutopilot} pending={autopilotPending} />
        {onDelete && (
          <Button size="icon" variant="ghost" onClick={() => onDelete(task)} aria-label={`Delete task ${title}`} title="Delete task">
            <Trash2 className="size-3.5" />
          </Button>
        )}
      </div>
    </div>
  )
}

/** The task's autopilot: a switch (when it can be changed here) and an "Autopilot" badge while it is on. */
function AutopilotControl({ task, onSetAutopilot, pending }: { task: Task; onSetAutopilot?: TaskHeaderProps['onSetAutopilot']; pending?: boolean }) {
  const badge = task.autopilot ? (
    <Badge tone="green" title={AUTOPILOT_HINT}>
      <Bot /> Autopilot
    </Badge>
  ) : null
  if (!onSetAutopilot) return badge
  const id = `autopilot-${task.id}`
  return (
    <div className="flex items-center gap-1.5" title={AUTOPILOT_HINT}>
      <Switch
        id={id}
        checked={task.autopilot}
        onCheckedChange={(on) => onSetAutopilot(task, on)}
        disabled={pending}
        aria-label={`Autopilot for ${inlinePlainText(task.title)}`}
      />
      <label htmlFor={id} className="cursor-pointer">
        {badge ?? <span className="text-xs text-muted">Autopilot</span>}
      </label>
    </div>
  )
}
