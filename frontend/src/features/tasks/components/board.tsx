import { useLayoutEffect, useMemo, useRef, useState, type Dispatch, type RefObject, type SetStateAction } from 'react'
import { useShortcuts, type ShortcutHandler } from '@/lib/use-shortcuts'
import { cn } from '@/lib/utils'
import type { ActiveRun, Subtask, Task } from '@/types/api'
import { COLUMNS, columnOf } from './board-columns'
import type { RetryInfo, SubtaskActions } from './subtask-card'
import { GRID, TaskGroup, type TaskGroupHandlers } from './task-group'

export interface BoardProps {
  tasks: Task[]
  subtasks: Subtask[]
  activeRuns: ActiveRun[]
  actions: SubtaskActions
  onMove: (subtask: Subtask, position: number) => void
  onViewPlannerLogs: (task: Task) => void
  onRetryPlanning: (task: Task) => void
  retryingTaskId?: string | null
  /** Stops a planner's run (a worker's is stopped through `actions.onStop`). */
  onStopRun?: (run: ActiveRun) => void
  onDeleteTask?: (task: Task) => void
  /** Switches a task's autopilot; `autopilotPendingTaskId` is the task whose switch is on its way. */
  onSetAutopilot?: (task: Task, autopilot: boolean) => void
  autopilotPendingTaskId?: string | null
  /** Changes a task's budget; `budgetPendingTaskId` is the task whose change is on its way. */
  onSetBudget?: (task: Task, budgetUsd: number | null) => void
  budgetPendingTaskId?: string | null
  /** Starts every ready subtask of a task; `startingAllReadyTaskId` is the task whose start is on its way. */
  onStartAllReady?: (task: Task) => void
  startingAllReadyTaskId?: string | null
  /** Why each subtask that needs the user failed, by subtask id. */
  failureReasons?: Map<string, string>
  retryOf?: (subtask: Subtask) => RetryInfo | undefined
  /** Opens a task's plan view. */
  onViewPlan?: (task: Task) => void
}

const CARD = 'article[data-subtask-id]'

/**
 * j/k (and the arrow keys on a focused card) move the focus between the cards in board order (task
 * by task, column by column, top to bottom); Enter or o opens the focused card.
 */
function useCardShortcuts(root: RefObject<HTMLElement | null>, subtasks: Subtask[], onOpen: (s: Subtask) => void) {
  const cards = () => [...(root.current?.querySelectorAll<HTMLElement>(CARD) ?? [])]
  const focused = () => (document.activeElement instanceof HTMLElement && document.activeElement.matches(CARD) ? document.activeElement : null)
  const step =
    (by: 1 | -1, fromCardOnly: boolean): ShortcutHandler =>
    () => {
      const list = cards()
      // j/k also move on from a button inside a card; the arrow keys only from the card itself
      // (a grip being dragged with the keyboard moves with them)
      const current = fromCardOnly ? focused() : (document.activeElement?.closest<HTMLElement>(CARD) ?? null)
      if (!list.length || (fromCardOnly && !current)) return false
      const at = current ? list.indexOf(current) : -1
      const next = at === -1 ? list[by === 1 ? 0 : list.length - 1] : list[Math.min(list.length - 1, Math.max(0, at + by))]
      next.focus()
      next.scrollIntoView({ block: 'nearest' })
    }
  const open: ShortcutHandler = () => {
    const card = focused()
    const s = card && subtasks.find((x) => x.id === card.dataset.subtaskId)
    if (!s) return false
    onOpen(s)
  }
  useShortcuts({ j: step(1, false), k: step(-1, false), ArrowDown: step(1, true), ArrowUp: step(-1, true), Enter: open, o: open })
}

/** Tasks as collapsible groups, each with the six columns of its subtasks (see board-columns.ts). */
export function Board({ tasks, subtasks, activeRuns, actions, onMove, onViewPlannerLogs, onRetryPlanning, retryingTaskId, onStopRun, onDeleteTask, onSetAutopilot, autopilotPendingTaskId, onSetBudget, budgetPendingTaskId, onStartAllReady, startingAllReadyTaskId, failureReasons, retryOf, onViewPlan }: BoardProps) {
  const [collapsed, setCollapsed] = useState<Set<string>>(new Set())
  const root = useRef<HTMLDivElement>(null)
  useCardShortcuts(root, subtasks, actions.onOpen)
  const byTask = useMemo(() => groupByTask(subtasks), [subtasks])
  const handlers = useStableHandlers({ actions, onMove, onViewPlannerLogs, onRetryPlanning, onStopRun, onDeleteTask, onSetAutopilot, onSetBudget, onStartAllReady, onViewPlan }, setCollapsed)
  // the counts follow the task filter: only the subtasks of the tasks on show
  const counts = new Map<string, number>()
  for (const task of tasks) {
    for (const s of byTask.get(task.id) ?? []) {
      const column = columnOf(s)
      if (column) counts.set(column, (counts.get(column) ?? 0) + 1)
    }
  }
  const runBySubtask = new Map(activeRuns.filter((r) => r.subtask_id).map((r) => [r.subtask_id!, r]))

  return (
    // six columns need room: below ~46rem the board scrolls sideways in its own container, not the page
    <div ref={root} className="min-w-[46rem]">
      <div className={cn(GRID, 'sticky top-0 z-10 border-b border-border bg-bg px-2 py-1.5')}>
        {COLUMNS.map((c) => (
          <div key={c.id} data-testid={`column-${c.title}`} className="flex items-center gap-1.5 text-xs font-medium text-muted">
            <span className={cn('size-1.5 rounded-full', c.dot)} />
            {c.title}
            <span className="tabular-nums">{counts.get(c.id) ?? 0}</span>
          </div>
        ))}
      </div>
      <div className="space-y-2 p-2">
        {tasks.map((task) => {
          const own = byTask.get(task.id) ?? NONE
          return (
            <TaskGroup
              key={task.id}
              task={task}
              subtasks={own}
              cards={own.map((s) => ({ run: runBySubtask.get(s.id), busy: actions.isBusy(s), failure: failureReasons?.get(s.id), retry: retryOf?.(s) }))}
              collapsed={collapsed.has(task.id)}
              plannerRun={activeRuns.find((r) => r.task_id === task.id && r.agent_type === 'PLANNER')}
              retrying={retryingTaskId === task.id}
              autopilotPending={autopilotPendingTaskId === task.id}
              budgetPending={budgetPendingTaskId === task.id}
              startingAllReady={startingAllReadyTaskId === task.id}
              handlers={handlers}
            />
          )
        })}
      </div>
    </div>
  )
}

const NONE: Subtask[] = []

/** The subtasks by task, in the order given. */
function groupByTask(subtasks: Subtask[]): Map<string, Subtask[]> {
  const groups = new Map<string, Subtask[]>()
  for (const s of subtasks) {
    const list = groups.get(s.task_id)
    if (list) list.push(s)
    else groups.set(s.task_id, [s])
  }
  return groups
}

type HandlerProps = Pick<BoardProps, 'actions' | 'onMove' | 'onViewPlannerLogs' | 'onRetryPlanning' | 'onStopRun' | 'onDeleteTask' | 'onSetAutopilot' | 'onSetBudget' | 'onStartAllReady' | 'onViewPlan'>

/**
 * The callbacks the groups get, the same object across renders (the page passes new functions on
 * every render): each calls the latest prop. Only whether an optional one is given, and the default
 * branch, change what a group shows.
 */
function useStableHandlers(props: HandlerProps, setCollapsed: Dispatch<SetStateAction<Set<string>>>): TaskGroupHandlers {
  const latest = useRef(props)
  useLayoutEffect(() => {
    latest.current = props
  })
  const { actions } = props
  const given = (name: keyof HandlerProps) => props[name] !== undefined
  const shape = [given('onStopRun'), given('onDeleteTask'), given('onSetAutopilot'), given('onSetBudget'), given('onStartAllReady'), given('onViewPlan'), actions.onResolve !== undefined, actions.onStop !== undefined]
  const [hasStopRun, hasDelete, hasAutopilot, hasBudget, hasStartAll, hasPlan, hasResolve, hasStop] = shape
  const defaultBranch = actions.defaultBranch
  return useMemo<TaskGroupHandlers>(() => {
    const a = () => latest.current.actions
    return {
      actions: {
        onOpen: (s) => a().onOpen(s),
        onStart: (s) => a().onStart(s),
        onMerge: (s) => a().onMerge(s),
        onMarkMerged: (s) => a().onMarkMerged(s),
        onRetry: (s) => a().onRetry(s),
        onResolve: hasResolve ? (s) => a().onResolve?.(s) : undefined,
        onViewLogs: (s) => a().onViewLogs(s),
        onStop: hasStop ? (s, run) => a().onStop?.(s, run) : undefined,
        defaultBranch,
      },
      onToggle: (task) =>
        setCollapsed((prev) => {
          const next = new Set(prev)
          if (next.has(task.id)) next.delete(task.id)
          else next.add(task.id)
          return next
        }),
      onMove: (subtask, position) => latest.current.onMove(subtask, position),
      onViewPlannerLogs: (task) => latest.current.onViewPlannerLogs(task),
      onRetryPlanning: (task) => latest.current.onRetryPlanning(task),
      onStopRun: hasStopRun ? (run) => latest.current.onStopRun?.(run) : undefined,
      onDeleteTask: hasDelete ? (task) => latest.current.onDeleteTask?.(task) : undefined,
      onSetAutopilot: hasAutopilot ? (task, on) => latest.current.onSetAutopilot?.(task, on) : undefined,
      onSetBudget: hasBudget ? (task, usd) => latest.current.onSetBudget?.(task, usd) : undefined,
      onStartAllReady: hasStartAll ? (task) => latest.current.onStartAllReady?.(task) : undefined,
      onViewPlan: hasPlan ? (task) => latest.current.onViewPlan?.(task) : undefined,
    }
  }, [hasStopRun, hasDelete, hasAutopilot, hasBudget, hasStartAll, hasPlan, hasResolve, hasStop, defaultBranch, setCollapsed])
}
