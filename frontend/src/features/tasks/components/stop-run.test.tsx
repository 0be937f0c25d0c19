import { render, screen, within } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { MemoryRouter } from 'react-router'
import { describe, expect, it, vi } from 'vitest'
import type { ActiveRun, Subtask, Task } from '@/types/api'
import { Board } from './board'
import type { SubtaskActions } from './subtask-card'

const planning: Task = { id: 't1', project_id: 'p1', title: 'Due dates', description: 'd', status: 'PLANNING', spec: null, error_message: null, autopilot: false, require_plan_approval: false, plan_approved_at: null, budget_usd: null, budget_tokens: null, budget_reached: false, cost_usd: null, token_usage: 0, created_at: 'c', updated_at: 'c' }
const active: Task = { ...planning, id: 't2', title: 'Tags', status: 'ACTIVE' }
const running: Subtask = {
  id: 's1', task_id: 't2', key: 's1', title: 'Store tags', spec: '', implementation_plan: '', status: 'IN_PROGRESS', blocked_reason: null, blocked_detail: null,
  depends_on: [], branch_name: null, pr_url: null, pr_number: null, retry_count: 0, token_usage: 0, cost_usd: null, position: 0, created_at: 'c', updated_at: 'c', merge_state: null, conflict_files: [], approved_at: null, checks: [], follow_up_reason: null, automatic_follow_ups: 0,
}
const run = (over: Partial<ActiveRun>): ActiveRun => ({
  id: 'r', project_id: 'p1', agent_type: 'WORKER', task_id: 't2', subtask_id: 's1', attempt_number: 1, status: 'RUNNING', started_at: new Date().toISOString(), ...over,
})

describe('Stop', () => {
  it('a running card and a planning task offer Stop, which names their run', async () => {
    const user = userEvent.setup()
    const onStop = vi.fn()
    const onStopRun = vi.fn()
    const actions: SubtaskActions = { onOpen: vi.fn(), onStart: vi.fn(), onMerge: vi.fn(), onMarkMerged: vi.fn(), onRetry: vi.fn(), onViewLogs: vi.fn(), onStop, isBusy: () => false }
    const worker = run({ id: 'rw' })
    const planner = run({ id: 'rp', agent_type: 'PLANNER', task_id: 't1', subtask_id: null, status: 'QUEUED' })
    render(
      <MemoryRouter>
        <Board tasks={[planning, active]} subtasks={[running]} activeRuns={[worker, planner]} actions={actions} onMove={vi.fn()} onViewPlannerLogs={vi.fn()} onRetryPlanning={vi.fn()} onStopRun={onStopRun} />
      </MemoryRouter>,
    )
    await user.click(within(screen.getByRole('article', { name: /^s1 / })).getByRole('button', { name: 'Stop s1' }))
    expect(onStop).toHaveBeenCalledWith(expect.objectContaining({ id: 's1' }), worker)
    await user.click(screen.getByRole('button', { name: 'Stop planning Due dates' }))
    expect(onStopRun).toHaveBeenCalledWith(planner)
  })

  it('a card without an active run has no Stop', () => {
    const actions: SubtaskActions = { onOpen: vi.fn(), onStart: vi.fn(), onMerge: vi.fn(), onMarkMerged: vi.fn(), onRetry: vi.fn(), onViewLogs: vi.fn(), onStop: vi.fn(), isBusy: () => false }
    render(
      <MemoryRouter>
        <Board tasks={[active]} subtasks={[running]} activeRuns={[]} actions={actions} onMove={vi.fn()} onViewPlannerLogs={vi.fn()} onRetryPlanning={vi.fn()} />
      </MemoryRouter>,
    )
    expect(screen.queryByRole('button', { name: /^Stop/ })).toBeNull()
  })
})
