import { useQuery } from '@tanstack/react-query'
import { screen, within } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { http, HttpResponse } from 'msw'
import { describe, expect, it, vi } from 'vitest'
import { projectKeys } from '@/lib/query-keys'
import { renderWithClient, testQueryClient } from '@/testing/render'
import { apiError, recordRequests, server } from '@/testing/server'
import type { Subtask, Task } from '@/types/api'
import { useSubtaskAction } from '../api/subtask-mutations'
import { Board } from './board'
import { canResolve, type SubtaskActions } from './subtask-card'
import { SubtaskDetailSheet } from './subtask-detail-sheet'

const task: Task = { id: 't1', project_id: 'p1', title: 'Due dates', description: 'd', status: 'ACTIVE', spec: null, error_message: null, autopilot: true, require_plan_approval: false, plan_approved_at: null, budget_usd: null, budget_tokens: null, budget_reached: false, cost_usd: null, token_usage: 0, created_at: 'c', updated_at: 'c' }
const sub = (key: string, over: Partial<Subtask> = {}): Subtask => ({
  id: key, task_id: 't1', key, title: `Work ${key}`, spec: '', implementation_plan: '', status: 'COMPLETED', blocked_reason: null, depends_on: [],
  branch_name: `iv/${key}`, pr_url: null, pr_number: null, retry_count: 0, token_usage: 0, cost_usd: null, position: 0, created_at: 'c', updated_at: new Date().toISOString(),
  merge_state: null, conflict_files: [], approved_at: null, checks: [], blocked_detail: null, follow_up_reason: null, automatic_follow_ups: 0, ...over,
})

const clean = sub('s1', { merge_state: 'clean' })
const conflicted = sub('s2', { merge_state: 'conflicted', conflict_files: ['CHANGES.md'] })
const outOfConflictFollowUps = sub('s3', { status: 'BLOCKED', blocked_reason: 'FOLLOW_UP_LIMIT', follow_up_reason: 'conflict', automatic_follow_ups: 4 })
const outOfCheckFollowUps = sub('s4', { status: 'BLOCKED', blocked_reason: 'FOLLOW_UP_LIMIT', follow_up_reason: 'checks_failed', automatic_follow_ups: 4 })
const failed = sub('s5', { status: 'BLOCKED', blocked_reason: 'FAILURE', retry_count: 3 })
const unknownMergeState = sub('s6')
const all = [clean, conflicted, outOfConflictFollowUps, outOfCheckFollowUps, failed, unknownMergeState]

const actions = (): SubtaskActions => ({
  onOpen: vi.fn(), onStart: vi.fn(), onMerge: vi.fn(), onMarkMerged: vi.fn(), onRetry: vi.fn(), onViewLogs: vi.fn(), isBusy: () => false, defaultBranch: 'main',
})

/** The board as the page wires Resolve: the subtasks from the cache, Resolve through the mutation. */
function ResolvingBoard() {
  const list = useQuery({ queryKey: projectKeys.subtasks('p1', 't1'), queryFn: (): Subtask[] => [], staleTime: Infinity })
  const resolve = useSubtaskAction('p1', 'resolve')
  return (
    <Board
      tasks={[task]}
      subtasks={list.data ?? []}
      activeRuns={[]}
      actions={{ ...actions(), onResolve: (s) => resolve.mutate(s), isBusy: (s) => resolve.isPending && resolve.variables?.id === s.id }}
      onMove={vi.fn()}
      onViewPlannerLogs={vi.fn()}
      onRetryPlanning={vi.fn()}
    />
  )
}

const card = (key: string) => screen.getByRole('article', { name: new RegExp(`^${key} `) })

describe('Resolve', () => {
  it('applies to a conflicted completed branch, and to one whose conflict follow-ups ran out', () => {
    expect(all.filter(canResolve).map((s) => s.key)).toEqual(['s2', 's3'])
  })

  it('appears only on conflicted cards, next to the disabled Merge and besides Retry', async () => {
    const user = userEvent.setup()
    const a = { ...actions(), onResolve: vi.fn() }
    renderWithClient(<Board tasks={[task]} subtasks={all} activeRuns={[]} actions={a} onMove={vi.fn()} onViewPlannerLogs={vi.fn()} onRetryPlanning={vi.fn()} />)
    expect(screen.getAllByRole('button', { name: /^Resolve / }).map((b) => b.getAttribute('aria-label')).sort()).toEqual(['Resolve s2', 'Resolve s3'])
    expect(within(card('s2')).getByRole('button', { name: 'Merge s2' })).toBeDisabled()
    expect(within(card('s3')).getByRole('button', { name: 'Retry s3' })).toBeEnabled()

    await user.click(within(card('s2')).getByRole('button', { name: 'Resolve s2' }))
    await user.click(within(card('s3')).getByRole('button', { name: 'Resolve s3' }))
    expect(a.onResolve.mock.calls.map(([s]) => s.id)).toEqual(['s2', 's3'])
  })

  it('POSTs /resolve; the card moves to In Progress with the conflict follow-up', async () => {
    const user = userEvent.setup()
    let release!: () => void
    server.use(
      http.post('/api/subtasks/s2/resolve', async () => {
        await new Promise<void>((r) => (release = r))
        return HttpResponse.json({ ...conflicted, status: 'IN_PROGRESS', merge_state: null, conflict_files: [], follow_up_reason: 'conflict', current_run: null })
      }),
    )
    const traffic = recordRequests()
    const client = testQueryClient()
    client.setQueryData(projectKeys.subtasks('p1', 't1'), [clean, conflicted])
    renderWithClient(<ResolvingBoard />, client)

    await user.click(screen.getByRole('button', { name: 'Resolve s2' }))
    await vi.waitFor(() => expect(screen.getByRole('button', { name: 'Resolve s2' })).toBeDisabled()) // busy until the answer
    release()
    await vi.waitFor(() => expect(card('s2')).toHaveAttribute('data-status', 'IN_PROGRESS'))
    expect(screen.queryByRole('button', { name: /^Resolve / })).toBeNull()
    expect(client.getQueryData<Subtask[]>(projectKeys.subtasks('p1', 't1'))?.[1]).toMatchObject({ follow_up_reason: 'conflict', merge_state: null })
    expect(traffic.count('POST /api/subtasks/s2/resolve')).toBe(1)
  })

  it('a refusal leaves the card as it was', async () => {
    const user = userEvent.setup()
    server.use(http.post('/api/subtasks/s2/resolve', () => apiError(409, 'CONFLICT', 'subtask s2 is COMPLETED without a conflict')))
    const client = testQueryClient()
    client.setQueryData(projectKeys.subtasks('p1', 't1'), [conflicted])
    renderWithClient(<ResolvingBoard />, client)
    await user.click(screen.getByRole('button', { name: 'Resolve s2' }))
    await vi.waitFor(() => expect(screen.getByRole('button', { name: 'Resolve s2' })).toBeEnabled())
    expect(card('s2')).toHaveAttribute('data-status', 'COMPLETED')
  })

  it('the detail sheet offers Resolve in its review area only while the branch conflicts', async () => {
    const user = userEvent.setup()
    server.use(http.get('/api/subtasks/:id/diff', () => HttpResponse.json({ base_branch: 'main', branch: 'iv/s2', diff: '', files: [], stats: { files_changed: 0, additions: 0, deletions: 0 }, truncated: false })))
    const onResolve = vi.fn()
    const { rerender } = renderWithClient(
      <SubtaskDetailSheet projectId="p1" subtask={conflicted} open onClose={vi.fn()} runs={null} onResolve={onResolve} defaultBranch="main" />,
    )
    const review = screen.getByRole('heading', { name: 'Review' }).parentElement!
    expect(review).toHaveTextContent('Conflicts with main in 1 file: CHANGES.md')
    await user.click(within(review).getByRole('button', { name: 'Resolve s2' }))
    expect(onResolve).toHaveBeenCalledWith(expect.objectContaining({ id: 's2' }))

    rerender(<SubtaskDetailSheet projectId="p1" subtask={clean} open onClose={vi.fn()} runs={null} onResolve={onResolve} defaultBranch="main" />)
    expect(screen.getByRole('heading', { name: 'Review' })).toBeInTheDocument()
    expect(screen.queryByRole('button', { name: /^Resolve / })).toBeNull()
  })
})
