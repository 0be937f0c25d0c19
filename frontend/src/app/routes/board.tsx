import { useQueryClient } from '@tanstack/react-query'
import { ArrowLeft } from 'lucide-react'
import { useMemo, useState } from 'react'
import { Link, useNavigate, useParams } from 'react-router'
import { toast } from 'sonner'
import { ConnectionStatus } from '@/components/connection-status'
import { Spinner } from '@/components/ui/spinner'
import { projectName, useProject } from '@/features/projects/api/projects'
import { plannerRunsQuery, useActiveRuns, useWorkerRuns, workerRunsQuery } from '@/features/runs/api/get-runs'
import { LiveLogPanel } from '@/features/runs/components/live-log-panel'
import { RunHistory } from '@/features/runs/components/run-history'
import { useSubtask } from '@/features/tasks/api/get-subtask'
import { useAllSubtasks, useTasks } from '@/features/tasks/api/get-tasks'
import { useMoveSubtask, useSubtaskAction } from '@/features/tasks/api/subtask-mutations'
import { useRetryPlanning } from '@/features/tasks/api/task-mutations'
import { Board } from '@/features/tasks/components/board'
import { CreateTaskDialog } from '@/features/tasks/components/create-task-dialog'
import { SubtaskDetailSheet } from '@/features/tasks/components/subtask-detail-sheet'
import { isApiError } from '@/lib/api-client'
import { ProjectEventsProvider } from '@/lib/events/project-events-context'
import type { AgentRun, AgentType, RunStatus, Subtask, Task } from '@/types/api'
import { NotFoundRoute } from './not-found'

interface PanelState {
  runId: string
  title: string
  agentType: AgentType
  runStatus?: RunStatus
}

/** `/projects/:projectId` and `/projects/:projectId/subtasks/:subtaskId` (the local forge's PR). */
export function BoardRoute() {
  const { projectId = '' } = useParams()
  return (
    <ProjectEventsProvider key={projectId} projectId={projectId}>
      <BoardPage projectId={projectId} />
    </ProjectEventsProvider>
  )
}

function BoardPage({ projectId }: { projectId: string }) {
  const { subtaskId } = useParams()
  const navigate = useNavigate()
  const qc = useQueryClient()
  const project = useProject(projectId)
  const tasks = useTasks(projectId)
  const { subtasks } = useAllSubtasks(projectId, tasks.data)
  const activeRuns = useActiveRuns(projectId).data?.runs ?? []
  const [filter, setFilter] = useState('all')
  const [panel, setPanel] = useState<PanelState | null>(null)
  const start = useSubtaskAction(projectId, 'start')
  const merge = useSubtaskAction(projectId, 'mark-merged')
  const retry = useSubtaskAction(projectId, 'retry')
  const move = useMoveSubtask(projectId)
  const retryPlanning = useRetryPlanning(projectId)

  const listed = subtasks.find((s) => s.id === subtaskId)
  const single = useSubtask(subtaskId, !!subtaskId && !listed && !!tasks.data)
  const detail = listed ?? single.data

  const shownTasks = useMemo(() => (tasks.data ?? []).filter((t) => filter === 'all' || t.id === filter), [tasks.data, filter])

  const openRun = (run: { id: string; status?: RunStatus }, title: string, agentType: AgentType) =>
    setPanel({ runId: run.id, title, agentType, runStatus: run.status })

  // The active run if there is one, else the latest attempt.
  const openLatest = async (title: string, agentType: AgentType, active: { id: string; status: RunStatus } | undefined, load: () => Promise<AgentRun[]>) => {
    if (active) return openRun(active, title, agentType)
    try {
      const runs = await load()
      const latest = [...runs].sort((a, b) => b.attempt_number - a.attempt_number)[0]
      if (latest) openRun(latest, title, agentType)
      else toast.info('No run has started yet')
    } catch {
      toast.error('Could not load the runs')
    }
  }
  const viewPlannerLogs = (task: Task) =>
    openLatest(
      `Planner · ${task.title}`,
      'PLANNER',
      activeRuns.find((r) => r.task_id === task.id && r.agent_type === 'PLANNER'),
      () => qc.fetchQuery(plannerRunsQuery(projectId, task.id)),
    )
  const viewWorkerLogs = (s: Subtask) =>
    openLatest(
      `${s.key} · ${s.title}`,
      'WORKER',
      activeRuns.find((r) => r.subtask_id === s.id),
      () => qc.fetchQuery(workerRunsQuery(projectId, s.id)),
    )

  if (isApiError(project.error, 404) || isApiError(project.error, 403)) return <NotFoundRoute what="project" />

  // A run that was active when the panel opened and has left the active list has ended.
  const panelActive = panel && activeRuns.find((r) => r.id === panel.runId)
  const panelStatus: RunStatus | undefined = panelActive
    ? panelActive.status
    : panel?.runStatus === 'RUNNING' || panel?.runStatus === 'QUEUED'
      ? (lookupRun(qc, projectId, panel.runId)?.status ?? panel.runStatus)
      : panel?.runStatus

  return (
    <div className="flex h-full flex-col">
      <div className="flex shrink-0 items-center gap-3 border-b border-border px-3 py-2">
        <Link to="/" aria-label="All projects" className="rounded p-1 text-muted hover:bg-raised hover:text-fg">
          <ArrowLeft className="size-4" />
        </Link>
        <h1 className="truncate text-sm font-semibold">{project.data ? projectName(project.data) : '…'}</h1>
        <ConnectionStatus />
        <div className="ml-auto flex items-center gap-2">
          <label className="sr-only" htmlFor="task-filter">
            Show task
          </label>
          <select
            id="task-filter"
            value={filter}
            onChange={(e) => setFilter(e.target.value)}
            className="h-8 max-w-56 rounded-md border border-border bg-bg px-2 text-[13px]"
          >
            <option value="all">All tasks ({tasks.data?.length ?? 0})</option>
            {(tasks.data ?? []).map((t) => (
              <option key={t.id} value={t.id}>
                {t.title}
              </option>
            ))}
          </select>
          <CreateTaskDialog projectId={projectId} />
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
          </div>
        ) : (
          <Board
            tasks={shownTasks}
            subtasks={subtasks}
            activeRuns={activeRuns}
            actions={{
              onOpen: (s) => navigate(`/projects/${projectId}/subtasks/${s.id}`),
              onStart: (s) => start.mutate(s),
              onMarkMerged: (s) => merge.mutate(s),
              onRetry: (s) => retry.mutate(s),
              onViewLogs: viewWorkerLogs,
              isBusy: (s) =>
                [start, merge, retry].some((m) => m.isPending && (m.variables as Subtask | undefined)?.id === s.id),
            }}
            onMove={(subtask, position) => move.mutate({ subtask, position })}
            onViewPlannerLogs={viewPlannerLogs}
            onRetryPlanning={(t) => retryPlanning.mutate(t.id)}
            retryingTaskId={retryPlanning.isPending ? retryPlanning.variables : null}
          />
        )}
      </div>
      <SubtaskDetailSheet
        projectId={projectId}
        subtask={detail}
        open={!!subtaskId}
        onClose={() => navigate(`/projects/${projectId}`)}
        runs={detail ? <SubtaskRuns projectId={projectId} subtask={detail} onViewLog={(run) => openRun(run, `${detail.key} · attempt ${run.attempt_number}`, 'WORKER')} /> : null}
      />
      <LiveLogPanel
        open={!!panel}
        runId={panel?.runId ?? null}
        title={panel?.title ?? ''}
        agentType={panel?.agentType ?? 'WORKER'}
        runStatus={panelStatus}
        onClose={() => setPanel(null)}
      />
    </div>
  )
}

function SubtaskRuns({ projectId, subtask, onViewLog }: { projectId: string; subtask: Subtask; onViewLog: (run: AgentRun) => void }) {
  const runs = useWorkerRuns(projectId, subtask.id)
  return <RunHistory runs={runs.data} loading={runs.isPending} onViewLog={onViewLog} />
}

function lookupRun(qc: ReturnType<typeof useQueryClient>, projectId: string, runId: string): AgentRun | undefined {
  for (const [, data] of qc.getQueriesData<AgentRun[]>({ queryKey: ['projects', projectId] })) {
    if (Array.isArray(data)) {
      const run = data.find((r) => (r as AgentRun).id === runId && 'attempt_number' in r)
      if (run) return run
    }
  }
  return undefined
}
