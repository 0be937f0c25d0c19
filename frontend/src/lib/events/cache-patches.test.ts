import { describe, expect, it, vi } from 'vitest'
import { projectKeys } from '@/lib/query-keys'
import { testQueryClient } from '@/testing/render'
import type { AgentRun, ProjectEvent, Subtask, Task } from '@/types/api'
import { applyEventToCache, type ActiveRunsData } from './cache-patches'

const P = 'p1'
const T = 't1'
const task: Task = {
  id: T,
  project_id: P,
  title: 'Due dates',
  description: 'd',
  status: 'PLANNING',
  spec: null,
  error_message: null,
  autopilot: false,
  require_plan_approval: false,
  plan_approved_at: null,
  budget_usd: null,
  budget_tokens: null,
  budget_reached: false,
  cost_usd: null,
  token_usage: 0,
  created_at: 'c',
  updated_at: 'c',
}
const sub = (id: string, over: Partial<Subtask> = {}): Subtask => ({
  id,
  task_id: T,
  key: id,
  title: id,
  spec: '',
  implementation_plan: '',
  status: 'READY',
  blocked_reason: null, blocked_detail: null,
  depends_on: [],
  branch_name: null,
  pr_url: null,
  pr_number: null,
  retry_count: 0,
  token_usage: 0,
  cost_usd: null,
  position: 0,
  follow_up_reason: null,
  automatic_follow_ups: 0,
  merge_state: null,
  conflict_files: [], approved_at: null, checks: [],
  created_at: 'c',
  updated_at: 'c',
  ...over,
})
/** What a run's end reports besides its outcome: no model, no cost, no tokens. */
const noUsage = { token_usage: 0, model: null, cost_usd: null, input_tokens: 0, output_tokens: 0, cache_read_tokens: 0, cache_write_tokens: 0, resumed_session_id: null }
const run = (id: string, over: Partial<AgentRun> = {}): AgentRun => ({
  id,
  accepts_input: false,
  input_unavailable_reason: null,
  reason: null,
  agent_type: 'WORKER',
  task_id: T,
  subtask_id: 's1',
  attempt_number: 1,
  status: 'RUNNING',
  started_at: 'c',
  ended_at: null,
  duration_ms: null,
  token_usage: 0,
  error_message: null,
  runtime: null,
  model: null,
  cost_usd: null,
  input_tokens: 0,
  output_tokens: 0,
  cache_read_tokens: 0,
  cache_write_tokens: 0,
  session_id: null,
  resumed_session_id: null,
  ...over,
})

function client() {
  const qc = testQueryClient()
  qc.setQueryData(projectKeys.tasks(P), [task])
  qc.setQueryData(projectKeys.subtasks(P, T), [sub('s1', { status: 'IN_PROGRESS' }), sub('s2', { status: 'BLOCKED', blocked_reason: 'DEPENDENCY' })])
  qc.setQueryData(projectKeys.workerRuns(P, 's1'), [run('r1')])
  qc.setQueryData<ActiveRunsData>(projectKeys.activeRuns(P), { runs: [] })
  const invalidated: unknown[] = []
  const spy = vi.spyOn(qc, 'invalidateQueries').mockImplementation(async (filters) => {
    invalidated.push(filters?.queryKey)
  })
  return { qc, invalidated, spy }
}
const apply = (qc: ReturnType<typeof testQueryClient>, event: ProjectEvent) => applyEventToCache(qc, P, event)
const started = { run_id: 'r2', agent_type: 'WORKER' as const, task_id: T, subtask_id: 's1', attempt_number: 2, started_at: 'now', reason: null }

describe('applyEventToCache', () => {
  it('connected: seeds the active runs', () => {
    const { qc } = client()
    const active = [{ id: 'r9', project_id: P, agent_type: 'PLANNER' as const, task_id: T, subtask_id: null, attempt_number: 1, status: 'RUNNING' as const, started_at: 'x' }]
    apply(qc, { type: 'connected', data: { connection_id: 'c', project_id: P, active_runs: active } })
    expect(qc.getQueryData<ActiveRunsData>(projectKeys.activeRuns(P))?.runs).toEqual(active)
  })

  it('agent:queued then agent:started: one active run, QUEUED then RUNNING, also in the runs list', () => {
    const { qc } = client()
    apply(qc, { type: 'agent:queued', data: started })
    expect(qc.getQueryData<ActiveRunsData>(projectKeys.activeRuns(P))?.runs.map((r) => [r.id, r.status])).toEqual([['r2', 'QUEUED']])
    expect(qc.getQueryData<AgentRun[]>(projectKeys.workerRuns(P, 's1'))?.map((r) => [r.id, r.status])).toEqual([
      ['r1', 'RUNNING'],
      ['r2', 'QUEUED'],
    ])
    apply(qc, { type: 'agent:started', data: started })
    expect(qc.getQueryData<ActiveRunsData>(projectKeys.activeRuns(P))?.runs.map((r) => [r.id, r.status])).toEqual([['r2', 'RUNNING']])
    expect(qc.getQueryData<AgentRun[]>(projectKeys.workerRuns(P, 's1'))?.find((r) => r.id === 'r2')?.status).toBe('RUNNING')
  })

  it('agent:completed: leaves the active runs, run SUCCEEDED with duration, tokens, model and cost; tokens, cost and PR on the subtask', () => {
    const { qc } = client()
    apply(qc, { type: 'agent:started', data: { ...started, run_id: 'r1' } })
    const usage = { ...noUsage, token_usage: 300, model: 'gpt-5-codex', cost_usd: 0.0125, input_tokens: 100, output_tokens: 200, resumed_session_id: 'thread-1' }
    apply(qc, {
      type: 'agent:completed',
      data: { run_id: 'r1', agent_type: 'WORKER', task_id: T, subtask_id: 's1', duration_ms: 1200, pr_url: '/projects/p1/subtasks/s1', ...usage },
    })
    expect(qc.getQueryData<ActiveRunsData>(projectKeys.activeRuns(P))?.runs).toEqual([])
    expect(qc.getQueryData<AgentRun[]>(projectKeys.workerRuns(P, 's1'))?.[0]).toMatchObject({ status: 'SUCCEEDED', duration_ms: 1200, ...usage })
    expect(qc.getQueryData<Subtask[]>(projectKeys.subtasks(P, T))?.[0]).toMatchObject({ token_usage: 300, cost_usd: 0.0125, pr_url: '/projects/p1/subtasks/s1' })

    apply(qc, {
      type: 'agent:completed',
      data: { run_id: 'r2', agent_type: 'WORKER', task_id: T, subtask_id: 's1', duration_ms: 10, pr_url: null, ...noUsage, token_usage: 50 },
    })
    expect(qc.getQueryData<Subtask[]>(projectKeys.subtasks(P, T))?.[0]).toMatchObject({ token_usage: 350, cost_usd: 0.0125 })
  })

  it('agent:failed: run FAILED with its error, out of the active runs', () => {
    const { qc } = client()
    apply(qc, { type: 'agent:started', data: { ...started, run_id: 'r1' } })
    apply(qc, {
      type: 'agent:failed',
      data: { run_id: 'r1', agent_type: 'WORKER', task_id: T, subtask_id: 's1', attempt_number: 1, error_message: 'exit 1', will_retry: true, next_attempt_at: 'later', ...noUsage },
    })
    expect(qc.getQueryData<ActiveRunsData>(projectKeys.activeRuns(P))?.runs).toEqual([])
    expect(qc.getQueryData<AgentRun[]>(projectKeys.workerRuns(P, 's1'))?.[0]).toMatchObject({ status: 'FAILED', error_message: 'exit 1' })
  })

  it('agent events for a run list not in the cache invalidate it', () => {
    const { qc, invalidated } = client()
    apply(qc, { type: 'agent:failed', data: { run_id: 'rx', agent_type: 'PLANNER', task_id: T, subtask_id: null, attempt_number: 1, error_message: 'x', will_retry: false, next_attempt_at: null, ...noUsage } })
    expect(invalidated).toContainEqual(projectKeys.plannerRuns(P, T))
  })

  it('task:status_changed to ACTIVE: patches the task, re-reads it for its spec, and loads its new subtasks', () => {
    const { qc, invalidated } = client()
    apply(qc, { type: 'task:status_changed', data: { task_id: T, old_status: 'PLANNING', new_status: 'ACTIVE', changed_at: 'later' } })
    expect(qc.getQueryData<Task[]>(projectKeys.tasks(P))?.[0]).toMatchObject({ status: 'ACTIVE', updated_at: 'later' })
    expect(invalidated).toEqual([projectKeys.tasks(P), projectKeys.subtasks(P, T)])
  })

  it('task:status_changed for an unknown task or to PLANNING_FAILED re-reads the tasks', () => {
    const { qc, invalidated } = client()
    apply(qc, { type: 'task:status_changed', data: { task_id: 'new', old_status: null, new_status: 'PLANNING', changed_at: 'x' } })
    apply(qc, { type: 'task:status_changed', data: { task_id: T, old_status: 'PLANNING', new_status: 'PLANNING_FAILED', changed_at: 'x' } })
    expect(qc.getQueryData<Task[]>(projectKeys.tasks(P))?.[0].status).toBe('PLANNING_FAILED')
    expect(invalidated).toEqual([projectKeys.tasks(P), projectKeys.tasks(P)])
  })

  it('task:updated: patches the task’s autopilot; an unknown task re-reads the tasks', () => {
    const { qc, invalidated } = client()
    apply(qc, { type: 'task:updated', data: { task_id: T, autopilot: true, require_plan_approval: false, plan_approved_at: null, updated_at: 'later', budget_usd: null, budget_tokens: null, budget_reached: false, cost_usd: null, token_usage: 0 } })
    expect(qc.getQueryData<Task[]>(projectKeys.tasks(P))?.[0]).toMatchObject({ autopilot: true, updated_at: 'later', status: 'PLANNING' })
    expect(invalidated).toEqual([])
    apply(qc, { type: 'task:updated', data: { task_id: 'other', autopilot: true, require_plan_approval: false, plan_approved_at: null, updated_at: 'later', budget_usd: null, budget_tokens: null, budget_reached: false, cost_usd: null, token_usage: 0 } })
    expect(invalidated).toEqual([projectKeys.tasks(P)])
  })

  it('subtask:status_changed: status, reason and PR', () => {
    const { qc } = client()
    apply(qc, {
      type: 'subtask:status_changed',
      data: { subtask_id: 's1', task_id: T, old_status: 'IN_PROGRESS', new_status: 'COMPLETED', blocked_reason: null, pr_url: '/projects/p1/subtasks/s1', pr_number: 3, changed_at: 'x', follow_up_reason: null, automatic_follow_ups: 0 },
    })
    expect(qc.getQueryData<Subtask[]>(projectKeys.subtasks(P, T))?.[0]).toMatchObject({ status: 'COMPLETED', pr_url: '/projects/p1/subtasks/s1', pr_number: 3 })
  })

  it('subtask:status_changed replaces only its subtask: the others, and the other lists, stay the same objects', () => {
    const { qc } = client()
    const other = [sub('o1', { task_id: 't2' })]
    qc.setQueryData(projectKeys.subtasks(P, 't2'), other)
    const [s1, s2] = qc.getQueryData<Subtask[]>(projectKeys.subtasks(P, T))!
    apply(qc, {
      type: 'subtask:status_changed',
      data: { subtask_id: 's1', task_id: T, old_status: 'IN_PROGRESS', new_status: 'COMPLETED', blocked_reason: null, pr_url: null, pr_number: null, changed_at: 'x', follow_up_reason: null, automatic_follow_ups: 0 },
    })
    const [after1, after2] = qc.getQueryData<Subtask[]>(projectKeys.subtasks(P, T))!
    expect(after1).not.toBe(s1)
    expect(after2).toBe(s2)
    expect(qc.getQueryData(projectKeys.subtasks(P, 't2'))).toBe(other)
  })

  it('subtask:status_changed: a follow-up’s cause and count', () => {
    const { qc } = client()
    apply(qc, {
      type: 'subtask:status_changed',
      data: {
        subtask_id: 's1',
        task_id: T,
        old_status: 'IN_PROGRESS',
        new_status: 'BLOCKED',
        blocked_reason: 'FOLLOW_UP_LIMIT',
        pr_url: null,
        pr_number: null,
        changed_at: 'x',
        follow_up_reason: 'checks_failed',
        automatic_follow_ups: 4,
      },
    })
    expect(qc.getQueryData<Subtask[]>(projectKeys.subtasks(P, T))?.[0]).toMatchObject({
      status: 'BLOCKED',
      blocked_reason: 'FOLLOW_UP_LIMIT',
      follow_up_reason: 'checks_failed',
      automatic_follow_ups: 4,
    })
  })

  it('subtask:status_changed to BLOCKED/PR_CLOSED re-reads the subtasks for the reason in words', () => {
    const { qc, invalidated } = client()
    apply(qc, {
      type: 'subtask:status_changed',
      data: { subtask_id: 's1', task_id: T, old_status: 'COMPLETED', new_status: 'BLOCKED', blocked_reason: 'PR_CLOSED', pr_url: null, pr_number: null, changed_at: 'x', follow_up_reason: null, automatic_follow_ups: 0 },
    })
    expect(qc.getQueryData<Subtask[]>(projectKeys.subtasks(P, T))?.[0]).toMatchObject({ status: 'BLOCKED', blocked_reason: 'PR_CLOSED' })
    expect(invalidated).toEqual([projectKeys.subtasks(P, T)])
  })

  it('subtask:status_changed for a subtask not in the cache re-reads that task’s subtasks', () => {
    const { qc, invalidated } = client()
    apply(qc, {
      type: 'subtask:status_changed',
      data: { subtask_id: 's9', task_id: T, old_status: 'PENDING', new_status: 'READY', blocked_reason: null, pr_url: null, pr_number: null, changed_at: 'x', follow_up_reason: null, automatic_follow_ups: 0 },
    })
    expect(invalidated).toEqual([projectKeys.subtasks(P, T)])
  })

  it('subtask:unblocked: BLOCKED/DEPENDENCY → READY', () => {
    const { qc } = client()
    apply(qc, { type: 'subtask:unblocked', data: { subtask_id: 's2', task_id: T, unblocked_by: 's1', changed_at: 'x' } })
    expect(qc.getQueryData<Subtask[]>(projectKeys.subtasks(P, T))?.[1]).toMatchObject({ status: 'READY', blocked_reason: null })
  })

  it('subtask:merge_state_changed: the card learns of a conflict', () => {
    const { qc } = client()
    apply(qc, {
      type: 'subtask:merge_state_changed',
      data: { subtask_id: 's2', task_id: T, merge_state: 'conflicted', conflict_files: ['README.md'], base_branch: 'main', changed_at: 'x' },
    })
    expect(qc.getQueryData<Subtask[]>(projectKeys.subtasks(P, T))?.[1]).toMatchObject({ merge_state: 'conflicted', conflict_files: ['README.md'] })
  })

  it('resync: invalidates everything of the project with one key', () => {
    const { qc, invalidated } = client()
    apply(qc, { type: 'resync', data: { reason: 'behind' } })
    expect(invalidated).toEqual([projectKeys.detail(P)])
  })

  it('heartbeat, agent:log and error leave the cache alone', () => {
    const { qc, invalidated } = client()
    const before = JSON.stringify(qc.getQueryCache().getAll().map((q) => q.state.data))
    apply(qc, { type: 'heartbeat', data: { timestamp: 'x' } })
    apply(qc, { type: 'agent:log', data: { run_id: 'r1', line: 'x', line_number: 1, timestamp: null } })
    apply(qc, { type: 'error', data: { code: 'LOG_FILE_NOT_FOUND', message: 'gone', run_id: 'r1', entry: null } })
    expect(JSON.stringify(qc.getQueryCache().getAll().map((q) => q.state.data))).toBe(before)
    expect(invalidated).toEqual([])
  })
})

describe('deletions', () => {
  it('task:deleted drops the task, its subtasks, its planner runs and its active runs', () => {
    const { qc } = client()
    qc.setQueryData(projectKeys.plannerRuns(P, T), [run('rp', { agent_type: 'PLANNER', subtask_id: null })])
    qc.setQueryData<ActiveRunsData>(projectKeys.activeRuns(P), {
      runs: [
        { id: 'r1', project_id: P, agent_type: 'WORKER', task_id: T, subtask_id: 's1', attempt_number: 1, status: 'RUNNING', started_at: 'c' },
        { id: 'rx', project_id: P, agent_type: 'PLANNER', task_id: 'other', subtask_id: null, attempt_number: 1, status: 'QUEUED', started_at: 'c' },
      ],
    })
    apply(qc, { type: 'task:deleted', id: '9', data: { task_id: T, deleted_at: 'now' } } as ProjectEvent)
    expect(qc.getQueryData<Task[]>(projectKeys.tasks(P))).toEqual([])
    expect(qc.getQueryData(projectKeys.subtasks(P, T))).toBeUndefined()
    expect(qc.getQueryData(projectKeys.plannerRuns(P, T))).toBeUndefined()
    expect(qc.getQueryData<ActiveRunsData>(projectKeys.activeRuns(P))!.runs.map((r) => r.id)).toEqual(['rx'])
  })

  it('project:deleted drops the project from the project list', () => {
    const { qc } = client()
    qc.setQueryData(projectKeys.all, [{ id: P }, { id: 'p2' }])
    apply(qc, { type: 'project:deleted', id: '9', data: { project_id: P, deleted_at: 'now' } } as ProjectEvent)
    expect(qc.getQueryData<{ id: string }[]>(projectKeys.all)!.map((p) => p.id)).toEqual(['p2'])
  })
})
