import {
  closestCenter,
  DndContext,
  KeyboardSensor,
  PointerSensor,
  useSensor,
  useSensors,
  type DragEndEvent,
} from '@dnd-kit/core'
import { SortableContext, sortableKeyboardCoordinates, verticalListSortingStrategy } from '@dnd-kit/sortable'
import { useRef, useState, type RefObject } from 'react'
import { inlinePlainText } from '@/lib/inline-markdown'
import { useShortcuts, type ShortcutHandler } from '@/lib/use-shortcuts'
import { cn } from '@/lib/utils'
import type { ActiveRun, Subtask, Task } from '@/types/api'
import { COLUMNS, columnOf, dependencyHint, inColumn, serverIndex } from './board-columns'
import { SubtaskCard, type RetryInfo, type SubtaskActions } from './subtask-card'
import { TaskHeader } from './task-header'

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

const GRID = 'grid grid-cols-6 gap-2'
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
  const sensors = useSensors(
    useSensor(PointerSensor, { activationConstraint: { distance: 4 } }),
    useSensor(KeyboardSensor, { coordinateGetter: sortableKeyboardCoordinates }),
  )
  const byTask = new Map<string, Subtask[]>()
  for (const s of subtasks) byTask.set(s.task_id, [...(byTask.get(s.task_id) ?? []), s])
  // the counts follow the task filter: only the subtasks of the tasks on show
  const shown = subtasks.filter((s) => tasks.some((t) => t.id === s.task_id))
  const runBySubtask = new Map(activeRuns.filter((r) => r.subtask_id).map((r) => [r.subtask_id!, r]))

  const onDragEnd = ({ active, over }: DragEndEvent) => {
    if (!over || active.id === over.id) return
    const from = active.data.current?.containerId as string | undefined
    const to = over.data.current?.containerId as string | undefined
    if (!from || from !== to) return // reordering happens within one column only
    const moving = active.data.current?.subtask as Subtask
    const [taskId] = from.split(':')
    const index = serverIndex(byTask.get(taskId) ?? [], moving, String(over.id))
    if (index !== -1) onMove(moving, index)
  }

  return (
    <DndContext sensors={sensors} collisionDetection={closestCenter} onDragEnd={onDragEnd}>
      {/* six columns need room: below ~46rem the board scrolls sideways in its own container, not the page */}
      <div ref={root} className="min-w-[46rem]">
        <div className={cn(GRID, 'sticky top-0 z-10 border-b border-border bg-bg px-2 py-1.5')}>
          {COLUMNS.map((c) => (
            <div key={c.id} data-testid={`column-${c.title}`} className="flex items-center gap-1.5 text-xs font-medium text-muted">
              <span className={cn('size-1.5 rounded-full', c.dot)} />
              {c.title}
              <span className="tabular-nums">{shown.filter((s) => columnOf(s) === c.id).length}</span>
            </div>
          ))}
        </div>
        <div className="space-y-2 p-2">
          {tasks.map((task) => {
            const own = byTask.get(task.id) ?? []
            const isCollapsed = collapsed.has(task.id)
            const title = inlinePlainText(task.title)
            return (
              <section key={task.id} aria-label={title} className="rounded-lg border border-border bg-panel">
                <TaskHeader
                  task={task}
                  subtasks={own}
                  collapsed={isCollapsed}
                  onToggle={() =>
                    setCollapsed((prev) => {
                      const next = new Set(prev)
                      if (next.has(task.id)) next.delete(task.id)
                      else next.add(task.id)
                      return next
                    })
                  }
                  onViewPlannerLogs={onViewPlannerLogs}
                  onRetryPlanning={onRetryPlanning}
                  retrying={retryingTaskId === task.id}
                  plannerRun={activeRuns.find((r) => r.task_id === task.id && r.agent_type === 'PLANNER')}
                  onStopRun={onStopRun}
                  onDelete={onDeleteTask}
                  onSetAutopilot={onSetAutopilot}
                  autopilotPending={autopilotPendingTaskId === task.id}
                  onSetBudget={onSetBudget}
                  budgetPending={budgetPendingTaskId === task.id}
                  onStartAllReady={onStartAllReady}
                  startingAllReady={startingAllReadyTaskId === task.id}
                  onViewPlan={onViewPlan}
                />
                {!isCollapsed && own.length > 0 && (
                  <div className={cn(GRID, 'border-t border-border p-2')}>
                    {COLUMNS.map((c) => {
                      const containerId = `${task.id}:${c.id}`
                      const cards = inColumn(own, c.id)
                      return (
                        <SortableContext key={c.id} id={containerId} items={cards.map((s) => s.id)} strategy={verticalListSortingStrategy}>
                          <ul className="flex min-h-10 flex-col gap-1.5" aria-label={`${title}: ${c.title}`} data-column={c.id}>
                            {cards.map((s) => (
                              <li key={s.id}>
                                <SubtaskCard
                                  subtask={s}
                                  taskLabel={title}
                                  hint={dependencyHint(s, own)}
                                  run={runBySubtask.get(s.id)}
                                  actions={actions}
                                  containerId={containerId}
                                  failure={failureReasons?.get(s.id)}
                                  retry={retryOf?.(s)}
                                />
                              </li>
                            ))}
                          </ul>
                        </SortableContext>
                      )
                    })}
                  </div>
                )}
                {!isCollapsed && own.length === 0 && task.status === 'PLANNING' && (
                  <p className="border-t border-border px-3 py-2 text-xs text-muted">The planner is breaking this task into subtasks…</p>
                )}
              </section>
            )
          })}
        </div>
      </div>
    </DndContext>
  )
}
