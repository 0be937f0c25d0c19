import type { QueryClient } from '@tanstack/react-query'
import { projectKeys } from '@/lib/query-keys'
import { setNextAttempt } from './next-attempts'
import type {
  ActiveRun,
  AgentCompletedEvent,
  AgentFailedEvent,
  AgentRun,
  AgentStartedEvent,
  Project,
  ProjectEvent,
  Subtask,
  Task,
} from '@/types/api'

export interface ActiveRunsData {
  runs: ActiveRun[]
}

/**
 * Applies one stream event to the TanStack Query cache: the cache is the only store of server
 * state; events patch it where the payload says enough and invalidate where it does not.
 */
export function applyEventToCache(qc: QueryClient, projectId: string, event: ProjectEvent) {
  switch (event.type) {
    case 'connected':
      qc.setQueryData<ActiveRunsData>(projectKeys.activeRuns(projectId), { runs: event.data.active_runs })
      return
    case 'agent:queued':
    case 'agent:started':
      setNextAttempt(qc, projectId, event.data.subtask_id ?? event.data.task_id, null)
      upsertActiveRun(qc, projectId, event.data, event.type === 'agent:queued' ? 'QUEUED' : 'RUNNING')
      upsertRun(qc, projectId, event.data, event.type === 'agent:queued' ? 'QUEUED' : 'RUNNING')
      return
    case 'agent:completed': {
      const d = event.data
      removeActiveRun(qc, projectId, d.run_id)
      patchRun(qc, runsKey(projectId, d), d.run_id, {
        status: 'SUCCEEDED',
        duration_ms: d.duration_ms,
        ...usageOf(d),
      })
      if (d.subtask_id) {
        patchSubtask(qc, projectId, d.task_id, d.subtask_id, (s) => ({
          ...addUsage(s, d),
          pr_url: d.pr_url ?? s.pr_url,
        }))
      }
      return
    }
    case 'agent:failed': {
      const d = event.data
      removeActiveRun(qc, projectId, d.run_id)
      patchRun(qc, runsKey(projectId, d), d.run_id, { status: 'FAILED', error_message: d.error_message, ...usageOf(d) })
      // a failed run's tokens and cost count for its subtask too, as on the server
      if (d.subtask_id && !d.will_retry) patchSubtask(qc, projectId, d.task_id, d.subtask_id, (s) => addUsage(s, d))
      setNextAttempt(
        qc,
        projectId,
        d.subtask_id ?? d.task_id,
        d.will_retry ? { failedAttempt: d.attempt_number, at: d.next_attempt_at, error: d.error_message } : null,
      )
      // the failure counted against the subtask's attempts (retry_count), which the event does not carry
      if (d.subtask_id && d.will_retry) void qc.invalidateQueries({ queryKey: projectKeys.subtasks(projectId, d.task_id) })
      return
    }
    case 'task:status_changed': {
      const d = event.data
      const known = patchList<Task>(qc, projectKeys.tasks(projectId), d.task_id, (t) => ({
        ...t,
        status: d.new_status,
        updated_at: d.changed_at,
      }))
      // A new task, a failure whose reason the event does not carry, or a plan whose spec it does
      // not carry (a plan under review is read before it is approved): read the list again.
      if (!known || d.new_status === 'PLANNING_FAILED' || d.new_status === 'PLANNING' || (d.new_status === 'ACTIVE' && d.old_status === 'PLANNING')) {
        void qc.invalidateQueries({ queryKey: projectKeys.tasks(projectId), exact: true })
      }
      // Planning succeeded: the subtasks were imported in the same transaction.
      if (d.new_status === 'ACTIVE' && d.old_status !== 'ACTIVE') {
        void qc.invalidateQueries({ queryKey: projectKeys.subtasks(projectId, d.task_id) })
      }
      return
    }
    case 'task:updated': {
      const d = event.data
      // every field is the task's current value: its settings, budget state and totals so far
      const known = patchList<Task>(qc, projectKeys.tasks(projectId), d.task_id, (t) => ({
        ...t,
        autopilot: d.autopilot,
        require_plan_approval: d.require_plan_approval,
        plan_approved_at: d.plan_approved_at ?? null,
        updated_at: d.updated_at,
        budget_usd: d.budget_usd,
        budget_tokens: d.budget_tokens,
        budget_reached: d.budget_reached,
        cost_usd: d.cost_usd,
        token_usage: d.token_usage,
      }))
      if (!known) void qc.invalidateQueries({ queryKey: projectKeys.tasks(projectId), exact: true })
      return
    }
    case 'subtask:created':
    case 'subtask:updated': {
      // the whole subtask, as the REST API answers it: it replaces (or joins) the cached one
      const subtask = event.data
      const key = projectKeys.subtasks(projectId, subtask.task_id)
      if (!qc.getQueryData(key)) return // not on screen; fetched fresh when it is
      qc.setQueryData<Subtask[]>(key, (list = []) => {
        const next = list.some((s) => s.id === subtask.id)
          ? list.map((s) => (s.id === subtask.id ? subtask : s))
          : [...list, subtask]
        return next.sort((a, b) => a.position - b.position)
      })
      return
    }
    case 'subtask:deleted': {
      const d = event.data
      // the later subtasks moved up one position, and nobody depends on the removed one any more
      qc.setQueryData<Subtask[]>(projectKeys.subtasks(projectId, d.task_id), (list) => {
        const removed = list?.find((s) => s.id === d.subtask_id)
        if (!list || !removed) return list
        return list
          .filter((s) => s.id !== d.subtask_id)
          .map((s) => ({
            ...s,
            position: s.position > removed.position ? s.position - 1 : s.position,
            depends_on: s.depends_on.filter((id) => id !== d.subtask_id),
          }))
      })
      qc.removeQueries({ queryKey: projectKeys.workerRuns(projectId, d.subtask_id) })
      return
    }
    case 'subtask:status_changed': {
      const d = event.data
      const known = patchSubtask(qc, projectId, d.task_id, d.subtask_id, (s) => ({
        ...s,
        status: d.new_status,
        blocked_reason: d.blocked_reason,
        // the event does not carry the detail; a PR_CLOSED one is read again below
        blocked_detail: d.blocked_reason === 'PR_CLOSED' ? s.blocked_detail : null,
        pr_url: d.pr_url ?? s.pr_url,
        pr_number: d.pr_number ?? s.pr_number,
        follow_up_reason: d.follow_up_reason ?? null,
        automatic_follow_ups: d.automatic_follow_ups ?? s.automatic_follow_ups,
        // the server starts every move without a merge state (a follow-up leaves COMPLETED); a new one follows as its own event
        merge_state: null,
        conflict_files: [],
        // so does an approval: it was of the completed work the subtask just left (or had not yet)
        approved_at: null,
        // and the forge's checks: they were of the commit the subtask just left; new ones follow as their own event
        checks: [],
        updated_at: d.changed_at,
      }))
      if (!known || d.blocked_reason === 'PR_CLOSED') void qc.invalidateQueries({ queryKey: projectKeys.subtasks(projectId, d.task_id) })
      // new work on the branch (a follow-up finished): a diff read before is out of date
      if (d.new_status === 'COMPLETED') void qc.invalidateQueries({ queryKey: projectKeys.diff(projectId, d.subtask_id) })
      return
    }
    case 'subtask:unblocked': {
      const d = event.data
      const known = patchSubtask(qc, projectId, d.task_id, d.subtask_id, (s) => ({
        ...s,
        status: 'READY',
        blocked_reason: null,
        updated_at: d.changed_at,
      }))
      if (!known) void qc.invalidateQueries({ queryKey: projectKeys.subtasks(projectId, d.task_id) })
      return
    }
    case 'task:deleted':
      removeTaskFromCache(qc, projectId, event.data.task_id)
      return
    case 'project:deleted':
      // the board itself shows a notice (see ProjectEventsProvider); the project list drops it
      qc.setQueryData<Project[]>(projectKeys.all, (list) => list?.filter((p) => p.id !== projectId))
      return
    case 'subtask:approved': {
      const d = event.data
      const known = patchSubtask(qc, projectId, d.task_id, d.subtask_id, (s) => ({ ...s, approved_at: d.approved_at }))
      if (!known) void qc.invalidateQueries({ queryKey: projectKeys.subtasks(projectId, d.task_id) })
      return
    }
    case 'subtask:merge_state_changed': {
      const d = event.data
      const known = patchSubtask(qc, projectId, d.task_id, d.subtask_id, (s) => ({
        ...s,
        merge_state: d.merge_state,
        conflict_files: d.conflict_files,
      }))
      if (!known) void qc.invalidateQueries({ queryKey: projectKeys.subtasks(projectId, d.task_id) })
      return
    }
    case 'subtask:checks_changed': {
      const d = event.data
      const known = patchSubtask(qc, projectId, d.task_id, d.subtask_id, (s) => ({ ...s, checks: d.checks }))
      if (!known) void qc.invalidateQueries({ queryKey: projectKeys.subtasks(projectId, d.task_id) })
      return
    }
    case 'resync':
      // Events were missed and cannot be replayed: everything of this project is re-read.
      void qc.invalidateQueries({ queryKey: projectKeys.detail(projectId) })
      return
    case 'heartbeat':
    case 'agent:log':
    case 'error':
      return
  }
}

/** Drops a deleted task with its subtasks, its planner runs and its active runs. */
export function removeTaskFromCache(qc: QueryClient, projectId: string, taskId: string) {
  qc.setQueryData<Task[]>(projectKeys.tasks(projectId), (list) => list?.filter((t) => t.id !== taskId))
  qc.removeQueries({ queryKey: projectKeys.subtasks(projectId, taskId) })
  qc.removeQueries({ queryKey: projectKeys.plannerRuns(projectId, taskId) })
  qc.setQueryData<ActiveRunsData>(projectKeys.activeRuns(projectId), (data) =>
    data ? { runs: data.runs.filter((r) => r.task_id !== taskId) } : data,
  )
}

function runsKey(projectId: string, d: { task_id: string; subtask_id: string | null }) {
  return d.subtask_id ? projectKeys.workerRuns(projectId, d.subtask_id) : projectKeys.plannerRuns(projectId, d.task_id)
}

/** Replaces the item with `id` in a cached list; false when the list is not cached or lacks it. */
function patchList<T extends { id: string }>(
  qc: QueryClient,
  key: readonly unknown[],
  id: string,
  update: (item: T) => T,
): boolean {
  let found = false
  qc.setQueryData<T[]>(key, (list) => {
    if (!list) return list
    const i = list.findIndex((item) => item.id === id)
    if (i === -1) return list
    found = true
    const next = list.slice()
    next[i] = update(list[i])
    return next
  })
  return found
}

function patchSubtask(
  qc: QueryClient,
  projectId: string,
  taskId: string,
  subtaskId: string,
  update: (s: Subtask) => Subtask,
) {
  return patchList<Subtask>(qc, projectKeys.subtasks(projectId, taskId), subtaskId, update)
}

/** The model, tokens and cost a run's end reports, as the run carries them. */
function usageOf(d: AgentCompletedEvent | AgentFailedEvent): Partial<AgentRun> {
  return {
    token_usage: d.token_usage,
    model: d.model,
    cost_usd: d.cost_usd,
    input_tokens: d.input_tokens,
    output_tokens: d.output_tokens,
    cache_read_tokens: d.cache_read_tokens,
    cache_write_tokens: d.cache_write_tokens,
    resumed_session_id: d.resumed_session_id,
  }
}

/** A subtask with a finished run's tokens and cost added (an unknown cost adds nothing). */
function addUsage(s: Subtask, d: AgentCompletedEvent | AgentFailedEvent): Subtask {
  return {
    ...s,
    token_usage: s.token_usage + (d.token_usage ?? 0),
    cost_usd: d.cost_usd == null ? s.cost_usd : (s.cost_usd ?? 0) + d.cost_usd,
  }
}

function patchRun(qc: QueryClient, key: readonly unknown[], runId: string, patch: Partial<AgentRun>) {
  const found = patchList<AgentRun>(qc, key, runId, (r) => ({
    ...r,
    ...patch,
    ended_at: r.ended_at ?? new Date().toISOString(),
  }))
  if (!found) void qc.invalidateQueries({ queryKey: key, exact: true })
}

function upsertRun(qc: QueryClient, projectId: string, d: AgentStartedEvent, status: 'QUEUED' | 'RUNNING') {
  const key = runsKey(projectId, d)
  if (!qc.getQueryData(key)) return // not on screen; fetched fresh when it is
  qc.setQueryData<AgentRun[]>(key, (list = []) => {
    const i = list.findIndex((r) => r.id === d.run_id)
    if (i !== -1) {
      const next = list.slice()
      next[i] = { ...list[i], status, started_at: d.started_at }
      return next
    }
    return [
      ...list,
      {
        id: d.run_id,
        agent_type: d.agent_type,
        task_id: d.task_id,
        subtask_id: d.subtask_id,
        attempt_number: d.attempt_number,
        status,
        started_at: d.started_at,
        ended_at: null,
        duration_ms: null,
        token_usage: 0,
        error_message: null,
        reason: d.reason ?? null,
        runtime: null,
        model: null,
        cost_usd: null,
        input_tokens: 0,
        output_tokens: 0,
        cache_read_tokens: 0,
        cache_write_tokens: 0,
        session_id: null,
        resumed_session_id: null,
        // its runtime is not known yet; the runs list fetched next says whether it takes messages
        accepts_input: false,
        input_unavailable_reason: status === 'QUEUED' ? 'The agent has not started yet' : 'The agent is starting',
      },
    ]
  })
}

function upsertActiveRun(qc: QueryClient, projectId: string, d: AgentStartedEvent, status: 'QUEUED' | 'RUNNING') {
  qc.setQueryData<ActiveRunsData>(projectKeys.activeRuns(projectId), (data) => {
    const runs = data?.runs ?? []
    const run: ActiveRun = {
      id: d.run_id,
      project_id: projectId,
      agent_type: d.agent_type,
      task_id: d.task_id,
      subtask_id: d.subtask_id,
      attempt_number: d.attempt_number,
      status,
      started_at: d.started_at,
    }
    const i = runs.findIndex((r) => r.id === d.run_id)
    if (i === -1) return { runs: [...runs, run] }
    const next = runs.slice()
    next[i] = run
    return { runs: next }
  })
}

function removeActiveRun(qc: QueryClient, projectId: string, runId: string) {
  qc.setQueryData<ActiveRunsData>(projectKeys.activeRuns(projectId), (data) =>
    data ? { runs: data.runs.filter((r) => r.id !== runId) } : data,
  )
}
