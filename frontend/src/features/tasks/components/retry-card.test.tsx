import { render, screen } from '@testing-library/react'
import { MemoryRouter } from 'react-router'
import { describe, expect, it, vi } from 'vitest'
import type { Subtask, Task } from '@/types/api'
import { Board } from './board'
import type { SubtaskActions } from './subtask-card'

const task: Task = { id: 't1', project_id: 'p1', title: 'Due dates', description: 'd', status: 'ACTIVE', spec: null, error_message: null, autopilot: false, require_plan_approval: false, plan_approved_at: null, budget_usd: null, budget_tokens: null, budget_reached: false, cost_usd: null, token_usage: 0, created_at: 'c', updated_at: 'c' }
const retrying: Subtask = {
  id: 's1', task_id: 't1', key: 's1', title: 'Store', spec: '', implementation_plan: '', status: 'IN_PROGRESS', blocked_reason: null, blocked_detail: null, depends_on: [],
  branch_name: null, pr_url: null, pr_number: null, retry_count: 1, token_usage: 0, cost_usd: null, position: 0, created_at: 'c', updated_at: new Date().toISOString(), merge_state: null, conflict_files: [], approved_at: null, checks: [], follow_up_reason: null, automatic_follow_ups: 0,
}
const actions: SubtaskActions = { onOpen: vi.fn(), onStart: vi.fn(), onMerge: vi.fn(), onMarkMerged: vi.fn(), onRetry: vi.fn(), onViewLogs: vi.fn(), isBusy: () => false }

describe('a retrying card', () => {
  it('says attempt n of m and counts down to the next try while no run is active', () => {
    const at = new Date(Date.now() + 7200).toISOString()
    render(
      <MemoryRouter>
        <Board tasks={[task]} subtasks={[retrying]} activeRuns={[]} actions={actions} onMove={vi.fn()} onViewPlannerLogs={vi.fn()} onRetryPlanning={vi.fn()} retryOf={() => ({ max: 10, nextAttemptAt: at })} />
      </MemoryRouter>,
    )
    const card = screen.getByRole('article', { name: /^s1 / })
    expect(card).toHaveTextContent('attempt 2 of 10')
    expect(card).toHaveTextContent(/next try in [78] s/)
  })

  it('a failed card says how many attempts failed', () => {
    render(
      <MemoryRouter>
        <Board tasks={[task]} subtasks={[{ ...retrying, status: 'BLOCKED', blocked_reason: 'FAILURE', retry_count: 3 }]} activeRuns={[]} actions={actions} onMove={vi.fn()} onViewPlannerLogs={vi.fn()} onRetryPlanning={vi.fn()} />
      </MemoryRouter>,
    )
    expect(screen.getByRole('article', { name: /^s1 / })).toHaveTextContent('3 attempts failed')
  })
})
