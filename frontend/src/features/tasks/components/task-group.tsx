import { closestCenter, DndContext, KeyboardSensor, PointerSensor, useSensor, useSensors, type DragEndEvent } from '@dnd-kit/core'
import { SortableContext, sortableKeyboardCoordinates, verticalListSortingStrategy } from '@dnd-kit/sortable'
import { memo, useMemo } from 'react'
import { inlinePlainText } from '@/lib/inline-markdown'
import { awaitsPlanApproval } from '@/lib/plan-approval'
import { cn } from '@/lib/utils'
import type { ActiveRun, Subtask, Task } from '@/types/api'
import { COLUMNS, dependencyHint, inColumn, serverIndex } from './board-columns'
import { SubtaskCard, type RetryInfo, type SubtaskActions } from './subtask-card'
import { TaskHeader } from './task-header'

export const GRID = 'grid grid-cols-6 gap-2'

/** What a card shows beyond its subtask: derived by the board on each render, compared by value. */
export interface CardState {
  run: ActiveRun | undefined
  busy: boolean
  failure: string | undefined
  retry: RetryInfo | undefined
}

/** The task header's callbacks; the board keeps this object the same across renders. */
export interface TaskGroupHandlers {
  actions: Omit<SubtaskActions, 'isBusy'>
  onToggle: (task: Task) => void
  onMove: (subtask: Subtask, position: number) => void
  onViewPlannerLogs: (task: Task) => void
  onRetryPlanning: (task: Task) => void
  onStopRun?: (run: ActiveRun) => void
  onDeleteTask?: (task: Task) => void
  onSetAutopilot?: (task: Task, autopilot: boolean) => void
  onSetBudget?: (task: Task, budgetUsd: number | null) => void
  onStartAllReady?: (task: Task) => void
  onViewPlan?: (task: Task) => void
}

export interface TaskGroupProps {
  task: Task
  /** This task's subtasks (compared item by item: the cache keeps an unchanged subtask the same object). */
  subtasks: Subtask[]
  /** One per subtask, in the order of `subtasks`. */
  cards: CardState[]
  collapsed: boolean
  plannerRun: ActiveRun | undefined
  retrying: boolean
  autopilotPending: boolean
  budgetPending: boolean
  startingAllReady: boolean
  handlers: TaskGroupHandlers
}

/**
 * One task on the board: its header and its six columns of cards. Each task has its own drag
 * context (a card is reordered within its column only): a drag context renders all its draggables
 * again whenever it renders, so one for the whole board would render all 500 cards on every event.
 */
function TaskGroupView({ task, subtasks, cards, collapsed, plannerRun, retrying, autopilotPending, budgetPending, startingAllReady, handlers }: TaskGroupProps) {
  const title = inlinePlainText(task.title)
  const awaitsPlan = awaitsPlanApproval(task)
  const sensors = useSensors(
    useSensor(PointerSensor, { activationConstraint: { distance: 4 } }),
    useSensor(KeyboardSensor, { coordinateGetter: sortableKeyboardCoordinates }),
  )
  const onDragEnd = ({ active, over }: DragEndEvent) => {
    if (!over || active.id === over.id) return
    const from = active.data.current?.containerId as string | undefined
    const to = over.data.current?.containerId as string | undefined
    if (!from || from !== to) return // reordering happens within one column only
    const moving = active.data.current?.subtask as Subtask
    const index = serverIndex(subtasks, moving, String(over.id))
    if (index !== -1) handlers.onMove(moving, index)
  }
  const actions = useMemo<SubtaskActions>(() => {
    const busy = new Set(subtasks.filter((_, i) => cards[i].busy).map((s) => s.id))
    return { ...handlers.actions, isBusy: (s) => busy.has(s.id) }
  }, [handlers.actions, subtasks, cards])
  const stateOf = new Map(subtasks.map((s, i) => [s.id, cards[i]]))
  return (
    <DndContext sensors={sensors} collisionDetection={closestCenter} onDragEnd={onDragEnd}>
      {/* a group off screen is neither laid out nor painted (it stays in the DOM and the accessibility
          tree, so j/k, find and focus reach its cards), and a change inside one lays out that group only */}
      <section aria-label={title} className="rounded-lg border border-border bg-panel [contain-intrinsic-size:auto_16rem] [content-visibility:auto]">
        <TaskHeader
          task={task}
          subtasks={subtasks}
          collapsed={collapsed}
          onToggle={() => handlers.onToggle(task)}
          onViewPlannerLogs={handlers.onViewPlannerLogs}
          onRetryPlanning={handlers.onRetryPlanning}
          retrying={retrying}
          plannerRun={plannerRun}
          onStopRun={handlers.onStopRun}
          onDelete={handlers.onDeleteTask}
          onSetAutopilot={handlers.onSetAutopilot}
          autopilotPending={autopilotPending}
          onSetBudget={handlers.onSetBudget}
          budgetPending={budgetPending}
          onStartAllReady={handlers.onStartAllReady}
          startingAllReady={startingAllReady}
          onViewPlan={handlers.onViewPlan}
        />
        {!collapsed && subtasks.length > 0 && (
          <div className={cn(GRID, 'border-t border-border p-2')}>
            {COLUMNS.map((c) => {
              const containerId = `${task.id}:${c.id}`
              const column = inColumn(subtasks, c.id)
              return (
                <SortableContext key={c.id} id={containerId} items={column.map((s) => s.id)} strategy={verticalListSortingStrategy}>
                  <ul className="flex min-h-10 flex-col gap-1.5" aria-label={`${title}: ${c.title}`} data-column={c.id}>
                    {column.map((s) => {
                      const state = stateOf.get(s.id)
                      return (
                        <li key={s.id}>
                          <SubtaskCard
                            subtask={s}
                            taskLabel={title}
                            hint={dependencyHint(s, subtasks)}
                            run={state?.run}
                            actions={actions}
                            containerId={containerId}
                            failure={state?.failure}
                            retry={state?.retry}
                            planAwaitsApproval={awaitsPlan}
                          />
                        </li>
                      )
                    })}
                  </ul>
                </SortableContext>
              )
            })}
          </div>
        )}
        {!collapsed && subtasks.length === 0 && task.status === 'PLANNING' && (
          <p className="border-t border-border px-3 py-2 text-xs text-muted">The planner is breaking this task into subtasks…</p>
        )}
      </section>
    </DndContext>
  )
}

function sameCard(a: CardState, b: CardState) {
  return a.run === b.run && a.busy === b.busy && a.failure === b.failure && a.retry?.max === b.retry?.max && a.retry?.nextAttemptAt === b.retry?.nextAttemptAt
}

function same<T>(a: T[], b: T[], equal: (x: T, y: T) => boolean) {
  return a === b || (a.length === b.length && a.every((x, i) => equal(x, b[i])))
}

/** Whether a group shows the same as before: the board re-renders on every event, a group only when its task's part changed. */
export function sameGroup(a: TaskGroupProps, b: TaskGroupProps) {
  return (
    a.task === b.task &&
    same(a.subtasks, b.subtasks, (x, y) => x === y) &&
    a.collapsed === b.collapsed &&
    a.plannerRun === b.plannerRun &&
    a.retrying === b.retrying &&
    a.autopilotPending === b.autopilotPending &&
    a.budgetPending === b.budgetPending &&
    a.startingAllReady === b.startingAllReady &&
    a.handlers === b.handlers &&
    same(a.cards, b.cards, sameCard)
  )
}

export const TaskGroup = memo(TaskGroupView, sameGroup)
