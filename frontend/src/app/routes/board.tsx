import { ArrowLeft, Plus, Trash2 } from 'lucide-react'
import { useCallback, useEffect, useMemo, useRef, useState } from 'react'
import { Link, useNavigate, useParams, useSearchParams } from 'react-router'
import { ConnectionStatus } from '@/components/connection-status'
import { Button } from '@/components/ui/button'
import { Spinner } from '@/components/ui/spinner'
import { projectName, useProject } from '@/features/projects/api/projects'
import { DeleteProjectDialog } from '@/features/projects/components/delete-project-dialog'
import { useCancelRun } from '@/features/runs/api/cancel-run'
import { ProjectSettingsDialog } from '@/features/projects/components/project-settings-dialog'
import { useActiveRuns } from '@/features/runs/api/get-runs'
import { RunLogPanel, SubtaskRunHistory } from '@/features/runs/components/run-panel'
import { useRunPanel, type RunPanel } from '@/features/runs/hooks/use-run-panel'
import { useFailureReasons } from '@/features/tasks/api/get-failure-reasons'
import { useSubtask } from '@/features/tasks/api/get-subtask'
import { useAllSubtasks, useTasks } from '@/features/tasks/api/get-tasks'
import { useMoveSubtask, useSubtaskAction } from '@/features/tasks/api/subtask-mutations'
import { useRetryPlanning, useSetTaskAutopilot, useSetTaskBudget, useStartAllReady } from '@/features/tasks/api/task-mutations'
import { Board } from '@/features/tasks/components/board'
import { CreateTaskDialog } from '@/features/tasks/components/create-task-dialog'
import { DeleteTaskDialog } from '@/features/tasks/components/delete-task-dialog'
import { ApproveButton, CardActions, MergeButton, needsUser, type SubtaskActions } from '@/features/tasks/components/subtask-card'
import { SubtaskDetailSheet } from '@/features/tasks/components/subtask-detail-sheet'
import { TaskPlanSheet } from '@/features/tasks/components/task-plan-sheet'
import { projectTotals } from '@/features/tasks/components/task-header'
import { isApiError } from '@/lib/api-client'
import { inlinePlainText } from '@/lib/inline-markdown'
import { formatCost, formatTokens } from '@/lib/utils'
import { awaitsPlanApproval } from '@/lib/plan-approval'
import { useShortcuts } from '@/lib/use-shortcuts'
import { useNextAttempts } from '@/lib/events/next-attempts'
import { ProjectEventsProvider, useProjectEvents } from '@/lib/events/project-events-context'
import { useServerSettings } from '@/features/settings/api/server-settings'
import type { Subtask, Task } from '@/types/api'
import { NotFoundRoute } from './not-found'

/**
 * `/projects/:projectId`, `/projects/:projectId/subtasks/:subtaskId` (the local forge's PR) and
 * `/projects/:projectId/tasks/:taskId` (a task's plan).
 */
export function BoardRoute() {
  const { projectId = '' } = useParams()
  return (
    <ProjectEventsProvider key={projectId} projectId={projectId}>
      <BoardPage projectId={projectId} />
    </ProjectEventsProvider>
  )
}

function BoardPage({ projectId }: { projectId: string }) {
  const { projectDeleted } = useProjectEvents()
  if (projectDeleted) return <ProjectDeletedNotice />
  return <LiveBoardPage projectId={projectId} />
}

/** Another board or tab deleted this project: nothing here exists any more. */
function ProjectDeletedNotice() {
  return (
    <output className="m-4 block rounded-lg border border-dashed border-border p-10 text-center">
      <p className="font-medium">This project was deleted</p>
      <p className="mt-1 text-xs text-muted">Its tasks, subtasks and runs are gone.</p>
      <Link to="/" className="mt-3 inline-block text-xs text-accent hover:underline">
        All projects
      </Link>
    </output>
  )
}

function LiveBoardPage({ projectId }: { projectId: string }) {
  const { subtaskId, taskId } = useParams()
  const navigate = useNavigate()
  const project = useProject(projectId)
  const tasks = useTasks(projectId)
  const { subtasks } = useAllSubtasks(projectId, tasks.data)
  const activeRuns = useActiveRuns(projectId).data?.runs ?? []
  const [filter, setFilter] = useState('all')
  const runPanel = useRunPanel(projectId)
  const start = useSubtaskAction(projectId, 'start')
  const merge = useSubtaskAction(projectId, 'merge')
  const markMerged = useSubtaskAction(projectId, 'mark-merged')
  const retry = useSubtaskAction(projectId, 'retry')
  const resolve = useSubtaskAction(projectId, 'resolve')
  const approve = useSubtaskAction(projectId, 'approve')
  const setAutopilot = useSetTaskAutopilot(projectId)
  const setBudget = useSetTaskBudget(projectId)
  const startAllReady = useStartAllReady(projectId)
  const move = useMoveSubtask(projectId)
  const retryPlanning = useRetryPlanning(projectId)
  const cancelRun = useCancelRun(projectId)
  const failureReasons = useFailureReasons(projectId, subtasks)
  const maxRetries = useServerSettings().data?.agents.max_retries
  const nextAttempts = useNextAttempts(projectId)
  const [deletingTask, setDeletingTask] = useState<Task | null>(null)
  const [deletingProject, setDeletingProject] = useState(false)
  const [creatingTask, setCreatingTask] = useState(false)
  const filterRef = useRef<HTMLSelectElement>(null)
  // "n" a new task; "/" the task filter (the board has no text search). Card keys: see Board.
  useShortcuts({
    n: () => setCreatingTask(true),
    '/': () => {
      if (!filterRef.current) return false
      filterRef.current.focus()
    },
  })

  useOpenLogFromLink(runPanel, tasks.data, subtasks)

  const openSubtask = useCallback((s: Subtask) => navigate(`/projects/${projectId}/subtasks/${s.id}`), [navigate, projectId])

  const subtaskActions: SubtaskActions = {
    onOpen: openSubtask,
    onStart: (s) => start.mutate(s),
    onMerge: (s) => merge.mutate(s),
    onMarkMerged: (s) => markMerged.mutate(s),
    onRetry: (s) => retry.mutate(s),
    onResolve: (s) => resolve.mutate(s),
    onViewLogs: runPanel.viewWorkerLogs,
    onStop: (_s, run) => cancelRun.mutate(run.id),
    isBusy: (s) =>
      [start, merge, markMerged, retry, resolve].some((m) => m.isPending && (m.variables as Subtask | undefined)?.id === s.id) ||
      (startAllReady.isPending && startAllReady.variables?.id === s.task_id && s.status === 'READY'),
    defaultBranch: project.data?.default_branch,
  }

  const listed = subtasks.find((s) => s.id === subtaskId)
  const single = useSubtask(subtaskId, !!subtaskId && !listed && !!tasks.data)
  const detail = listed ?? single.data

  // of every task, whichever is on show: the project's agents so far
  const { tokens: projectTokens, cost: projectCost } = useMemo(() => projectTotals(tasks.data ?? [], subtasks), [tasks.data, subtasks])
  const shownTasks = useMemo(() => (tasks.data ?? []).filter((t) => filter === 'all' || t.id === filter), [tasks.data, filter])

  if (isApiError(project.error, 404) || isApiError(project.error, 403)) return <NotFoundRoute what="project" />

  return (
    <div className="flex h-full flex-col">
      <div className="flex shrink-0 items-center gap-3 border-b border-border px-3 py-2">
        <Link to="/" aria-label="All projects" className="rounded p-1 text-muted hover:bg-raised hover:text-fg">
          <ArrowLeft className="size-4" />
        </Link>
        <h1 className="truncate text-sm font-semibold">{project.data ? projectName(project.data) : '…'}</h1>
        <ConnectionStatus />
        <div className="ml-auto flex items-center gap-2">
          {projectTokens > 0 && (
            <span className="text-xs text-muted tabular-nums" title="tokens used by the agents of this project’s tasks, planners included">
              Σ {formatTokens(projectTokens)} tokens
              {projectCost != null && <span title="what they cost, where the runtime reported or the price table knew it"> · {formatCost(projectCost)}</span>}
            </span>
          )}
          <label className="sr-only" htmlFor="task-filter">
            Show task
          </label>
          <select
            ref={filterRef}
            id="task-filter"
            value={filter}
            onChange={(e) => setFilter(e.target.value)}
            className="h-8 max-w-56 rounded-md border border-border bg-bg px-2 text-[13px]"
          >
            <option value="all">All tasks ({tasks.data?.length ?? 0})</option>
            {(tasks.data ?? []).map((t) => (
              <option key={t.id} value={t.id}>
                {inlinePlainText(t.title)}
              </option>
            ))}
          </select>
          {project.data && <ProjectSettingsDialog project={project.data} />}
          <CreateTaskDialog projectId={projectId} autopilotDefault={project.data?.autopilot_default} planApprovalDefault={project.data?.plan_approval_default} budgetDefault={project.data?.budget_usd_default} open={creatingTask} onOpenChange={setCreatingTask} />
          <Button size="icon" variant="ghost" onClick={() => setDeletingProject(true)} aria-label="Delete project" title="Delete project">
            <Trash2 className="size-4" />
          </Button>
        </div>
      </div>
      <div className="min-h-0 flex-1 overflow-auto">
        {tasks.isPending ? (
          <div className="p-4">
            <Spinner label="Loading tasks" />
          </div>
        ) : tasks.data?.length === 0 ? (
          <div className="m-4 rounded-lg border border-dashed border-border p-10 text-center">
            <p className="font-medium">No tasks yet</p>
            <p className="mt-1 text-xs text-muted">Create a task; the planner breaks it into subtasks you can start.</p>
            <Button variant="default" className="mt-3" onClick={() => setCreatingTask(true)}>
              <Plus /> Create the first task
            </Button>
          </div>
        ) : (
          <Board
            tasks={shownTasks}
            subtasks={subtasks}
            activeRuns={activeRuns}
            actions={subtaskActions}
            onMove={(subtask, position) => move.mutate({ subtask, position })}
            onViewPlannerLogs={runPanel.viewPlannerLogs}
            onRetryPlanning={(t) => retryPlanning.mutate(t.id)}
            retryingTaskId={retryPlanning.isPending ? retryPlanning.variables : null}
            onStopRun={(run) => cancelRun.mutate(run.id)}
            onDeleteTask={setDeletingTask}
            onSetAutopilot={(task, autopilot) => setAutopilot.mutate({ task, autopilot })}
            autopilotPendingTaskId={setAutopilot.isPending ? setAutopilot.variables?.task.id : null}
            onSetBudget={(task, budgetUsd) => setBudget.mutate({ task, budgetUsd })}
            budgetPendingTaskId={setBudget.isPending ? setBudget.variables?.task.id : null}
            onStartAllReady={(task) => startAllReady.mutate(task)}
            startingAllReadyTaskId={startAllReady.isPending ? startAllReady.variables?.id : null}
            failureReasons={failureReasons}
            retryOf={(s) => ({ max: maxRetries, nextAttemptAt: nextAttempts[s.id]?.at })}
            onViewPlan={(t) => navigate(`/projects/${projectId}/tasks/${t.id}`)}
          />
        )}
      </div>
      <SubtaskDetailSheet
        projectId={projectId}
        subtask={detail}
        open={!!subtaskId}
        onClose={() => navigate(`/projects/${projectId}`)}
        runs={detail ? <SubtaskRunHistory projectId={projectId} subtask={detail} panel={runPanel} /> : null}
        actions={
          detail?.status === 'COMPLETED' ? (
            <>
              <ApproveButton s={detail} busy={approve.isPending} onApprove={(s) => approve.mutate(s)} />
              <MergeButton s={detail} busy={merge.isPending} onMerge={(s) => merge.mutate(s)} defaultBranch={project.data?.default_branch} />
            </>
          ) : detail ? (
            // the card's own actions (Start, Stop, View Logs, Retry), so the detail view acts as the card does
            <CardActions
              s={detail}
              run={activeRuns.find((r) => r.subtask_id === detail.id)}
              busy={subtaskActions.isBusy(detail)}
              failed={needsUser(detail)}
              actions={subtaskActions}
              planAwaitsApproval={awaitsPlanApproval(tasks.data?.find((t) => t.id === detail.task_id))}
            />
          ) : null
        }
        onResolve={(s) => resolve.mutate(s)}
        resolving={resolve.isPending && resolve.variables?.id === detail?.id}
        defaultBranch={project.data?.default_branch}
      />
      <TaskPlanSheet
        projectId={projectId}
        task={tasks.data?.find((t) => t.id === taskId)}
        open={!!taskId}
        onClose={() => navigate(`/projects/${projectId}`)}
        onViewPlannerLogs={runPanel.viewPlannerLogs}
        onOpenSubtask={openSubtask}
      />
      <RunLogPanel projectId={projectId} panel={runPanel} />
      <DeleteTaskDialog projectId={projectId} task={deletingTask} subtasks={subtasks} onClose={() => setDeletingTask(null)} />
      <DeleteProjectDialog
        project={project.data}
        open={deletingProject}
        taskCount={tasks.data?.length ?? 0}
        subtaskCount={subtasks.length}
        onClose={() => setDeletingProject(false)}
        onDeleted={() => navigate('/')}
      />
    </div>
  )
}

/**
 * `?logs=<subtask or task id>` (the activity view's "Live log" link): once the board knows the
 * subtask or task, its log panel opens on the latest run, and the parameter goes from the address.
 */
function useOpenLogFromLink(runPanel: RunPanel, tasks: Task[] | undefined, subtasks: Subtask[]) {
  const [params, setParams] = useSearchParams()
  const wanted = params.get('logs')
  useEffect(() => {
    if (!wanted || !tasks) return
    const subtask = subtasks.find((s) => s.id === wanted)
    const task = tasks.find((t) => t.id === wanted)
    if (!subtask && !task) return
    if (subtask) void runPanel.viewWorkerLogs(subtask)
    else if (task) void runPanel.viewPlannerLogs(task)
    setParams(
      (p) => {
        p.delete('logs')
        return p
      },
      { replace: true },
    )
  }, [wanted, tasks, subtasks, runPanel, setParams])
}
