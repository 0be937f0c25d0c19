import { act, cleanup, render, renderHook, screen, within } from '@testing-library/react'
import { http, HttpResponse } from 'msw'
import { MemoryRouter } from 'react-router'
import { describe, expect, it, vi } from 'vitest'
import { testQueryClient, wrapper } from '@/testing/render'
import { server } from '@/testing/server'
import type { AgentRun, Subtask, Task } from '@/types/api'
import { reorder } from '../api/subtask-mutations'
import { lastFailure, useFailureReasons } from '../api/get-failure-reasons'
import { Board } from './board'
import { columnOf, serverIndex } from './board-columns'
import type { SubtaskActions } from './subtask-card'

const task = (id: string, title: string): Task => ({ id, project_id: 'p1', title, description: 'd', status: 'ACTIVE', spec: null, error_message: null, autopilot: false, require_plan_approval: false, plan_approved_at: null, budget_usd: null, budget_tokens: null, budget_reached: false, cost_usd: null, token_usage: 0, created_at: 'c', updated_at: 'c' })
const sub = (key: string, over: Partial<Subtask> = {}): Subtask => ({
  id: key, task_id: 't1', key, title: `Work ${key}`, spec: '', implementation_plan: '', status: 'READY', blocked_reason: null, blocked_detail: null, depends_on: [],
  branch_name: null, pr_url: null, pr_number: null, retry_count: 0, token_usage: 0, cost_usd: null, position: 0, created_at: 'c', updated_at: 'c', merge_state: null, conflict_files: [], approved_at: null, checks: [], follow_up_reason: null, automatic_follow_ups: 0, ...over,
})
const run = (attempt: number, status: AgentRun['status'], error: string | null): AgentRun => ({
  accepts_input: false, input_unavailable_reason: null, 
  id: `r${attempt}`, agent_type: 'WORKER', task_id: 't1', subtask_id: 's2', attempt_number: attempt, status, started_at: 'c',
  ended_at: null, duration_ms: null, token_usage: 0, cost_usd: null, model: null, input_tokens: 0, output_tokens: 0, cache_read_tokens: 0, cache_write_tokens: 0, runtime: null, session_id: null, resumed_session_id: null, error_message: error, reason: null,
})
const actions = (): SubtaskActions => ({ onOpen: vi.fn(), onStart: vi.fn(), onMerge: vi.fn(), onMarkMerged: vi.fn(), onRetry: vi.fn(), onViewLogs: vi.fn(), isBusy: () => false })

const t1 = task('t1', 'Due dates')
const t2 = task('t2', 'Tags')
const subtasks = [
  sub('s1', { status: 'MERGED' }),
  sub('s2', { status: 'BLOCKED', blocked_reason: 'FAILURE', retry_count: 3 }),
  sub('s3', { status: 'BLOCKED', blocked_reason: 'DEPENDENCY', depends_on: ['s2'], position: 1 }),
  sub('u1', { task_id: 't2', status: 'BLOCKED', blocked_reason: 'DEPENDENCY', depends_on: ['u2'] }),
  sub('u2', { task_id: 't2', status: 'READY' }),
]

function renderBoard(tasks: Task[], failureReasons?: Map<string, string>) {
  render(
    <MemoryRouter>
      <Board tasks={tasks} subtasks={subtasks} activeRuns={[]} actions={actions()} onMove={vi.fn()} onViewPlannerLogs={vi.fn()} onRetryPlanning={vi.fn()} failureReasons={failureReasons} />
    </MemoryRouter>,
  )
}

/** The count in a column's heading (the sticky row above the task groups). */
const count = (title: string) => {
  const heading = screen.getByTestId(`column-${title}`)
  return Number(heading.querySelector('.tabular-nums')!.textContent)
}

describe('columns that tell the truth', () => {
  it('a subtask waiting for dependencies is in Waiting and names them; a failed one is in Needs you with its reason', () => {
    renderBoard([t1], new Map([['s2', 'the agent exited with status 4']]))
    const waiting = screen.getByRole('list', { name: 'Due dates: Waiting' })
    expect(within(waiting).getByRole('article', { name: /^s3 / })).toHaveTextContent('waits for s2')
    const needsYou = within(screen.getByRole('list', { name: 'Due dates: Needs you' })).getByRole('article', { name: /^s2 / })
    expect(needsYou).toHaveTextContent('the agent exited with status 4')
    expect(within(needsYou).getByRole('button', { name: 'Retry s2' })).toBeInTheDocument()
  })

  it('a subtask out of automatic follow-ups needs the user too: Needs you, "needs you: …" and Retry', () => {
    const limited = sub('s5', { status: 'BLOCKED', blocked_reason: 'FOLLOW_UP_LIMIT', follow_up_reason: 'checks_failed', automatic_follow_ups: 3 })
    expect(columnOf(limited)).toBe('NEEDS_YOU')
    render(
      <MemoryRouter>
        <Board tasks={[t1]} subtasks={[limited]} activeRuns={[]} actions={actions()} onMove={vi.fn()} onViewPlannerLogs={vi.fn()} onRetryPlanning={vi.fn()} />
      </MemoryRouter>,
    )
    const card = within(screen.getByRole('list', { name: 'Due dates: Needs you' })).getByRole('article', { name: /^s5 / })
    expect(card).toHaveTextContent('needs you:')
    expect(within(card).getByRole('button', { name: 'Retry s5' })).toBeInTheDocument()
  })

  it('column counts follow the task filter', () => {
    renderBoard([t1, t2])
    expect(count('Waiting')).toBe(2)
    expect(count('Ready')).toBe(1)
    cleanup()
    renderBoard([t2])
    expect(count('Waiting')).toBe(1)
    expect(count('Needs you')).toBe(0)
    expect(count('Merged')).toBe(0)
  })

  it('a move within Waiting is sent as the index among all BLOCKED subtasks of the task, as the server orders them', () => {
    const own = subtasks.filter((s) => s.task_id === 't1')
    // s2 (Needs you, position 0) and s3 (Waiting, position 1) share the server's BLOCKED order
    expect(serverIndex(own, own[2], 's2')).toBe(0)
    expect(serverIndex(own, own[2], 's3')).toBe(1)
    const moved = reorder(own, 's3', 0)
    expect(moved.find((s) => s.id === 's3')!.position).toBe(0)
    expect(moved.find((s) => s.id === 's2')!.position).toBe(1)
  })
})

describe('failure reasons', () => {
  it('the reason is the latest failed attempt’s error', () => {
    expect(lastFailure([run(1, 'FAILED', 'first'), run(3, 'FAILED', 'third'), run(2, 'FAILED', 'second')])).toBe('third')
    expect(lastFailure([run(1, 'SUCCEEDED', null)])).toBeNull()
    expect(lastFailure(undefined)).toBeNull()
  })

  it('useFailureReasons reads the runs of the subtasks that need the user only', async () => {
    const asked: string[] = []
    server.use(
      http.get('/api/subtasks/:id/runs', ({ params }) => {
        asked.push(String(params.id))
        return HttpResponse.json([run(1, 'FAILED', 'not allowed yet'), run(2, 'FAILED', 'stopped by you')])
      }),
    )
    const { result } = renderHook(() => useFailureReasons('p1', subtasks), { wrapper: wrapper(testQueryClient()) })
    await act(async () => {
      await vi.waitFor(() => expect(result.current.get('s2')).toBe('stopped by you'))
    })
    expect(asked).toEqual(['s2'])
  })
})
