import { useQueryClient, type QueryClient } from '@tanstack/react-query'
import { useState } from 'react'
import { toast } from 'sonner'
import { inlinePlainText } from '@/lib/inline-markdown'
import type { AgentRun, AgentType, RunStatus, Subtask, Task } from '@/types/api'
import { plannerRunsQuery, useActiveRuns, workerRunsQuery } from '../api/get-runs'

/** The run whose log the panel shows, as it was when the panel opened. */
export interface ShownRun {
  runId: string
  title: string
  agentType: AgentType
  runStatus?: RunStatus
  attemptNumber?: number
  /** Whose run: a subtask id for a worker, the task id for a planner. */
  owner?: string
  /** Opened as the latest attempt: the panel moves on to the next attempt when it starts. */
  follow?: boolean
}

export interface RunPanel {
  /** The run on show, or null while the panel is closed. */
  shown: ShownRun | null
  /** The shown run's status as known now (it moves on while the panel is open). */
  status: RunStatus | undefined
  /** The planner of a task: its active run if there is one, else its latest attempt. */
  viewPlannerLogs: (task: Pick<Task, 'id' | 'title'>) => Promise<void>
  /** The worker of a subtask: its active run if there is one, else its latest attempt. */
  viewWorkerLogs: (subtask: Pick<Subtask, 'id' | 'key' | 'title'>) => Promise<void>
  /** One attempt from a subtask's run history. */
  viewAttempt: (run: AgentRun, subtask: Pick<Subtask, 'key'>) => void
  close: () => void
}

/** Which run the board's live log panel shows, and how to open it from a task, a subtask or an attempt. */
export function useRunPanel(projectId: string): RunPanel {
  const qc = useQueryClient()
  const activeRuns = useActiveRuns(projectId).data?.runs ?? []
  const [shown, setShown] = useState<ShownRun | null>(null)

  const openRun = (run: { id: string; status?: RunStatus; attempt_number?: number }, title: string, agentType: AgentType, owner?: string) =>
    setShown({ runId: run.id, title, agentType, runStatus: run.status, attemptNumber: run.attempt_number, owner, follow: !!owner })

  // The active run if there is one, else the latest attempt; either way the panel follows later attempts.
  const openLatest = async (
    title: string,
    agentType: AgentType,
    owner: string,
    active: { id: string; status: RunStatus; attempt_number: number } | undefined,
    load: () => Promise<AgentRun[]>,
  ) => {
    if (active) return openRun(active, title, agentType, owner)
    try {
      const runs = await load()
      const latest = [...runs].sort((a, b) => b.attempt_number - a.attempt_number)[0]
      if (latest) openRun(latest, title, agentType, owner)
      else toast.info('No run has started yet')
    } catch {
      toast.error('Could not load the runs')
    }
  }

  // The next attempt of the run on show has been queued or started: move on to it.
  const nextAttempt = shown?.follow
    ? activeRuns.find(
        (r) =>
          r.id !== shown.runId &&
          (shown.agentType === 'PLANNER' ? r.agent_type === 'PLANNER' && r.task_id === shown.owner : r.subtask_id === shown.owner) &&
          r.attempt_number > (shown.attemptNumber ?? 0),
      )
    : undefined
  if (shown && nextAttempt) {
    // adjusting state while rendering: React re-renders at once, and the guard is false then
    setShown({ ...shown, runId: nextAttempt.id, runStatus: nextAttempt.status, attemptNumber: nextAttempt.attempt_number })
  }

  // A run that was active when the panel opened and has left the active list has ended.
  const shownActive = shown && activeRuns.find((r) => r.id === shown.runId)
  const status: RunStatus | undefined = shownActive
    ? shownActive.status
    : shown?.runStatus === 'RUNNING' || shown?.runStatus === 'QUEUED'
      ? (lookupRun(qc, projectId, shown.runId)?.status ?? shown.runStatus)
      : shown?.runStatus

  return {
    shown,
    status,
    viewPlannerLogs: (task) =>
      openLatest(
        `Planner · ${inlinePlainText(task.title)}`,
        'PLANNER',
        task.id,
        activeRuns.find((r) => r.task_id === task.id && r.agent_type === 'PLANNER'),
        () => qc.fetchQuery(plannerRunsQuery(projectId, task.id)),
      ),
    viewWorkerLogs: (subtask) =>
      openLatest(
        `${subtask.key} · ${inlinePlainText(subtask.title)}`,
        'WORKER',
        subtask.id,
        activeRuns.find((r) => r.subtask_id === subtask.id),
        () => qc.fetchQuery(workerRunsQuery(projectId, subtask.id)),
      ),
    // one attempt picked from the history: the panel stays on it
    viewAttempt: (run, subtask) => openRun(run, `${subtask.key} · attempt ${run.attempt_number}`, 'WORKER'),
    close: () => setShown(null),
  }
}

/** The run as last seen in any cached runs list of the project (kept current by the event stream). */
function lookupRun(qc: QueryClient, projectId: string, runId: string): AgentRun | undefined {
  for (const [, data] of qc.getQueriesData<AgentRun[]>({ queryKey: ['projects', projectId] })) {
    if (Array.isArray(data)) {
      const run = data.find((r) => (r as AgentRun).id === runId && 'attempt_number' in r)
      if (run) return run
    }
  }
  return undefined
}
