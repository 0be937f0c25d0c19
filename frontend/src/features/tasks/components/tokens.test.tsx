import { useQuery } from '@tanstack/react-query'
import { act, screen, within } from '@testing-library/react'
import { describe, expect, it, vi } from 'vitest'
import { applyEventToCache } from '@/lib/events/cache-patches'
import { projectKeys } from '@/lib/query-keys'
import { renderWithClient, testQueryClient } from '@/testing/render'
import type { Subtask, Task } from '@/types/api'
import { Board } from './board'
import type { SubtaskActions } from './subtask-card'

const task: Task = { id: 't1', project_id: 'p1', title: 'Due dates', description: 'd', status: 'ACTIVE', spec: null, error_message: null, autopilot: false, require_plan_approval: false, plan_approved_at: null, budget_usd: null, budget_tokens: null, budget_reached: false, cost_usd: null, token_usage: 0, created_at: 'c', updated_at: 'c' }
const sub = (key: string, over: Partial<Subtask> = {}): Subtask => ({
  id: key, task_id: 't1', key, title: `Work ${key}`, spec: '', implementation_plan: '', status: 'READY',
  blocked_reason: null, blocked_detail: null, depends_on: [], branch_name: null, pr_url: null, pr_number: null,
  retry_count: 0, token_usage: 0, cost_usd: null, position: 0, follow_up_reason: null, automatic_follow_ups: 0,
  merge_state: null, conflict_files: [], approved_at: null, checks: [], created_at: 'c', updated_at: new Date().toISOString(),
  ...over,
})

const actions = (): SubtaskActions => ({ onOpen: vi.fn(), onStart: vi.fn(), onMerge: vi.fn(), onMarkMerged: vi.fn(), onRetry: vi.fn(), onViewLogs: vi.fn(), isBusy: () => false })

function CachedBoard() {
  const subtasks = useQuery({ queryKey: projectKeys.subtasks('p1', 't1'), queryFn: (): Subtask[] => [], staleTime: Infinity })
  return <Board tasks={[task]} subtasks={subtasks.data ?? []} activeRuns={[]} actions={actions()} onMove={vi.fn()} onViewPlannerLogs={vi.fn()} onRetryPlanning={vi.fn()} />
}

function setup(subtasks: Subtask[]) {
  const client = testQueryClient()
  client.setQueryData(projectKeys.subtasks('p1', 't1'), subtasks)
  renderWithClient(<CachedBoard />, client)
  return client
}

const card = (key: string) => screen.getByRole('article', { name: new RegExp(`^${key} `) })
const header = () => screen.getByRole('heading', { name: 'Due dates' }).parentElement!

describe('tokens on the board', () => {
  it('each card shows its subtask’s tokens compactly, and the task header their sum', () => {
    setup([sub('s1', { status: 'COMPLETED', token_usage: 12_345 }), sub('s2', { status: 'IN_PROGRESS', token_usage: 980 }), sub('s3')])
    expect(within(card('s1')).getByTitle('tokens used by its agents')).toHaveTextContent('12.3k tok')
    expect(card('s2')).toHaveTextContent('980 tok')
    expect(card('s3')).not.toHaveTextContent('tok')
    expect(header()).toHaveTextContent('Σ 13.3k tokens')
    expect(screen.getByText('Σ 13.3k tokens')).toHaveAttribute('title', expect.stringContaining('tokens used by the agents of its subtasks'))
  })

  it('shows no sum before any agent used a token', () => {
    setup([sub('s1'), sub('s2')])
    expect(header()).not.toHaveTextContent('tokens')
  })

  it('a finished run’s tokens (agent:completed) show on its card and in the sum at once', async () => {
    const client = setup([sub('s1', { status: 'IN_PROGRESS', token_usage: 500 }), sub('s2', { status: 'MERGED', token_usage: 1_000 })])
    expect(header()).toHaveTextContent('Σ 1.5k tokens')

    act(() =>
      applyEventToCache(client, 'p1', {
        type: 'agent:completed',
        data: {
          run_id: 'r1', agent_type: 'WORKER', task_id: 't1', subtask_id: 's1', duration_ms: 10, token_usage: 44_000, pr_url: null,
          model: 'claude-sonnet-4-5', cost_usd: 0.25, input_tokens: 4_000, output_tokens: 40_000, cache_read_tokens: 0, cache_write_tokens: 0, resumed_session_id: null,
        },
      }),
    )

    await vi.waitFor(() => expect(card('s1')).toHaveTextContent('44.5k tok · $0.2500'))
    expect(header()).toHaveTextContent('Σ 45.5k tokens · $0.2500')
  })
})
