import { useQuery } from '@tanstack/react-query'
import { ScrollText } from 'lucide-react'
import { lazy, Suspense, type ReactNode } from 'react'
import { Button } from '@/components/ui/button'
import { InlineMarkdown } from '@/components/ui/inline-markdown'
import { Markdown } from '@/components/ui/markdown'
import { Sheet } from '@/components/ui/sheet'
import { Spinner } from '@/components/ui/spinner'
import { inlinePlainText } from '@/lib/inline-markdown'
import { awaitsPlanApproval } from '@/lib/plan-approval'
import type { Subtask, Task } from '@/types/api'
import { subtasksQuery } from '../api/get-tasks'
import { PlanApprovalBanner, PlanReview } from './plan-review'
import { TaskStatusBadge } from './task-header'

// React Flow and dagre load with the first plan opened, not with the board
const PlanGraph = lazy(() => import('./plan-graph'))

export interface TaskPlanSheetProps {
  projectId: string
  task: Task | undefined
  open: boolean
  onClose: () => void
  /** Opens the run log panel on the task's planner (its active run, else its latest attempt). */
  onViewPlannerLogs: (task: Task) => void
  /** A subtask picked in the graph. */
  onOpenSubtask: (subtask: Subtask) => void
}

function Section({ title, children }: { title: string; children: ReactNode }) {
  return (
    <section className="space-y-1.5">
      <h3 className="text-xs font-semibold tracking-wide text-muted uppercase">{title}</h3>
      {children}
    </section>
  )
}

/**
 * A task's plan: its description, the planner's spec, the planner's log and the subtasks as a
 * dependency graph with live statuses (the subtasks query the event stream keeps current). While the
 * plan awaits approval it says so, with Approve plan, and its subtasks can be edited, added and removed.
 */
export function TaskPlanSheet({ projectId, task, open, onClose, onViewPlannerLogs, onOpenSubtask }: TaskPlanSheetProps) {
  const planned = !!task && task.status !== 'PLANNING' && task.status !== 'PLANNING_FAILED'
  const subtasks = useQuery({ ...subtasksQuery(projectId, task?.id ?? ''), enabled: open && planned })
  const reviewing = planned && awaitsPlanApproval(task) && task.status === 'ACTIVE'
  return (
    <Sheet
      open={open}
      onOpenChange={(o) => !o && onClose()}
      width="w-[min(1000px,100vw)]"
      title={task ? <>Plan · <InlineMarkdown>{task.title}</InlineMarkdown></> : 'Plan'}
      header={
        task && (
          <>
            <TaskStatusBadge status={task.status} />
            <Button size="sm" variant="ghost" className="ml-auto" onClick={() => onViewPlannerLogs(task)} aria-label={`Planner log of ${inlinePlainText(task.title)}`}>
              <ScrollText /> Planner log
            </Button>
          </>
        )
      }
    >
      {!task ? (
        <p className="p-4 text-xs text-muted">Loading…</p>
      ) : (
        <div className="min-h-0 flex-1 space-y-5 overflow-y-auto p-4">
          {reviewing && <PlanApprovalBanner projectId={projectId} task={task} />}
          <Section title="Description">
            <Markdown>{task.description}</Markdown>
          </Section>
          <Section title="Spec">
            {task.spec ? <Markdown>{task.spec}</Markdown> : <p className="text-xs text-muted">{task.status === 'PLANNING' ? 'The planner is still writing it.' : 'The planner wrote no spec.'}</p>}
          </Section>
          <Section title="Subtasks">
            {!planned ? (
              <p className="text-xs text-muted">{task.status === 'PLANNING' ? 'The plan appears once the planner is done.' : 'Planning failed: there is no plan.'}</p>
            ) : subtasks.isPending ? (
              <Spinner label="Loading subtasks" />
            ) : subtasks.isError ? (
              <p className="text-xs text-red-700 dark:text-red-300">Could not load the subtasks.</p>
            ) : subtasks.data.length === 0 ? (
              <p className="text-xs text-muted">The plan has no subtasks.</p>
            ) : (
              <>
                {reviewing && <PlanReview projectId={projectId} task={task} subtasks={subtasks.data} />}
                <div className="h-[min(60vh,520px)] rounded-md border border-border">
                  <Suspense fallback={<Spinner label="Loading the graph" />}>
                    <PlanGraph subtasks={subtasks.data} onOpen={onOpenSubtask} />
                  </Suspense>
                </div>
              </>
            )}
          </Section>
        </div>
      )}
    </Sheet>
  )
}
