import { useQuery } from '@tanstack/react-query'
import { render, screen, waitFor, within } from '@testing-library/react'
import { http, HttpResponse } from 'msw'
import { MemoryRouter } from 'react-router'
import { describe, expect, it, vi } from 'vitest'
import { applyEventToCache } from '@/lib/events/cache-patches'
import { projectKeys } from '@/lib/query-keys'
import { renderWithClient, testQueryClient } from '@/testing/render'
import { server } from '@/testing/server'
import type { ForgeCheck, Subtask, Task } from '@/types/api'
import { Board } from './board'
import type { SubtaskActions } from './subtask-card'
import { SubtaskDetailSheet } from './subtask-detail-sheet'

const task: Task = { id: 't1', project_id: 'p1', title: 'Due dates', description: 'd', status: 'ACTIVE', spec: null, error_message: null, autopilot: false, require_plan_approval: false, plan_approved_at: null, budget_usd: null, budget_tokens: null, budget_reached: false, cost_usd: null, token_usage: 0, created_at: 'c', updated_at: 'c' }
const sub = (key: string, checks: ForgeCheck[], over: Partial<Subtask> = {}): Subtask => ({
  id: key, task_id: 't1', key, title: `Work ${key}`, spec: '', implementation_plan: '', status: 'COMPLETED', blocked_reason: null, blocked_detail: null, depends_on: [],
  branch_name: `iv/${key}`, pr_url: null, pr_number: null, retry_count: 0, token_usage: 0, cost_usd: null, position: 0, created_at: 'c', updated_at: 'c',
  merge_state: 'clean', conflict_files: [], approved_at: null, checks, follow_up_reason: null, automatic_follow_ups: 0, ...over,
})
const check = (name: string, status: ForgeCheck['status'], conclusion: string | null = null, details_url: string | null = null): ForgeCheck => ({ name, status, conclusion, details_url })
const actions: SubtaskActions = { onOpen: vi.fn(), onStart: vi.fn(), onMerge: vi.fn(), onMarkMerged: vi.fn(), onRetry: vi.fn(), onViewLogs: vi.fn(), isBusy: () => false }

function board(subtasks: Subtask[]) {
  return <Board tasks={[task]} subtasks={subtasks} activeRuns={[]} actions={actions} onMove={vi.fn()} onViewPlannerLogs={vi.fn()} onRetryPlanning={vi.fn()} />
}

const card = (key: string) => screen.getByRole('article', { name: new RegExp(`^${key} `) })
const checksRow = (key: string) => card(key).querySelector<HTMLElement>('[data-checks]')

describe('checks on a completed card', () => {
  it('says how many passed, what still runs, or names the failed ones, with the full list as its title', () => {
    render(
      <MemoryRouter>
        {board([
          sub('s1', [check('build', 'completed', 'success'), check('lint', 'completed', 'success'), check('test', 'completed', 'skipped')]),
          sub('s2', [check('deploy', 'queued'), check('test', 'in_progress'), check('lint', 'completed', 'success')]),
          sub('s3', [check('lint', 'completed', 'failure'), check('e2e', 'completed', 'timed_out'), check('build', 'in_progress'), check('test', 'completed', 'success')]),
          sub('s4', []),
        ])}
      </MemoryRouter>,
    )

    expect(checksRow('s1')).toHaveTextContent('3 checks passed')
    expect(checksRow('s1')).toHaveAttribute('data-checks', 'green')
    expect(checksRow('s2')).toHaveTextContent('2 running, 1 done')
    expect(checksRow('s2')).toHaveAttribute('data-checks', 'amber')
    expect(checksRow('s3')).toHaveTextContent('lint, e2e failed')
    expect(checksRow('s3')).toHaveAttribute('data-checks', 'red')
    expect(checksRow('s3')).toHaveAttribute('title', 'lint: failed\ne2e: timed out\nbuild: running\ntest: passed')
    // read out in words, not only by colour and icon
    expect(checksRow('s3')).toHaveTextContent('Checks: lint, e2e failed. lint failed, e2e timed out, build running, test passed')
    expect(checksRow('s4')).toBeNull()
  })

  it('is not shown on work that is not completed', () => {
    render(<MemoryRouter>{board([sub('s1', [check('lint', 'completed', 'failure')], { status: 'MERGED' })])}</MemoryRouter>)
    expect(checksRow('s1')).toBeNull()
  })
})

/** The board as the page wires it: the subtasks from the cache, which the stream's events patch. */
function LiveBoard() {
  const list = useQuery({ queryKey: projectKeys.subtasks('p1', 't1'), queryFn: (): Subtask[] => [], staleTime: Infinity })
  return board(list.data ?? [])
}

describe('checks from the stream', () => {
  it('follows subtask:checks_changed, and a move of the subtask clears them', async () => {
    const qc = testQueryClient()
    qc.setQueryData(projectKeys.subtasks('p1', 't1'), [sub('s1', [])])
    renderWithClient(<LiveBoard />, qc)
    expect(checksRow('s1')).toBeNull()

    const changed = (id: string, checks: ForgeCheck[]) =>
      applyEventToCache(qc, 'p1', { type: 'subtask:checks_changed', id, data: { subtask_id: 's1', task_id: 't1', checks, changed_at: 'c' } })
    // the query cache tells its observers on its next tick: wait for the card
    changed('5', [check('lint', 'in_progress')])
    await waitFor(() => expect(checksRow('s1')).toHaveTextContent('1 running'))
    changed('6', [check('lint', 'completed', 'failure', 'https://ci.example/1')])
    await waitFor(() => expect(checksRow('s1')).toHaveTextContent('lint failed'))

    applyEventToCache(qc, 'p1', {
      type: 'subtask:status_changed',
      id: '7',
      data: {
        subtask_id: 's1', task_id: 't1', old_status: 'COMPLETED', new_status: 'IN_PROGRESS', blocked_reason: null, pr_url: null, pr_number: null,
        changed_at: 'd', follow_up_reason: 'checks_failed', automatic_follow_ups: 1,
      },
    })
    expect(qc.getQueryData<Subtask[]>(projectKeys.subtasks('p1', 't1'))?.[0].checks).toEqual([])
    await waitFor(() => expect(card('s1')).toHaveAttribute('data-status', 'IN_PROGRESS'))
    expect(checksRow('s1')).toBeNull()
  })

  it('reads the subtasks again for checks of a subtask it does not know', () => {
    const qc = testQueryClient()
    qc.setQueryData(projectKeys.subtasks('p1', 't1'), [sub('s1', [])])
    applyEventToCache(qc, 'p1', { type: 'subtask:checks_changed', id: '5', data: { subtask_id: 's9', task_id: 't1', checks: [check('lint', 'queued')], changed_at: 'c' } })
    expect(qc.getQueryState(projectKeys.subtasks('p1', 't1'))?.isInvalidated).toBe(true)
  })
})

describe('checks in the review sheet', () => {
  it('lists every check with its state and a link to its details when there is one', () => {
    server.use(http.get('/api/subtasks/:id/diff', () => HttpResponse.json({ base_branch: 'main', branch: 'iv/s1', diff: '', files: [], stats: { files_changed: 0, additions: 0, deletions: 0 }, truncated: false })))
    const s = sub('s1', [check('lint', 'completed', 'failure', 'https://ci.example/runs/1'), check('deploy', 'queued'), check('docs', 'completed', 'neutral')])

    renderWithClient(<SubtaskDetailSheet projectId="p1" subtask={s} open onClose={vi.fn()} runs={null} />)

    const list = screen.getByRole('list', { name: 'Checks' })
    expect(within(list).getAllByRole('listitem').map((li) => li.textContent)).toEqual(['lintfailedDetails', 'deployqueued', 'docsneutral'])
    const details = within(list).getByRole('link', { name: 'Details of lint' })
    expect(details).toHaveAttribute('href', 'https://ci.example/runs/1')
    expect(details).toHaveAttribute('target', '_blank')
    expect(details).toHaveAttribute('rel', 'noreferrer')
    expect(within(list).getAllByRole('link')).toHaveLength(1)
  })

  it('has no checks section without checks', () => {
    server.use(http.get('/api/subtasks/:id/diff', () => HttpResponse.json({ base_branch: 'main', branch: 'iv/s1', diff: '', files: [], stats: { files_changed: 0, additions: 0, deletions: 0 }, truncated: false })))
    renderWithClient(<SubtaskDetailSheet projectId="p1" subtask={sub('s1', [])} open onClose={vi.fn()} runs={null} />)
    expect(screen.queryByRole('heading', { name: 'Checks' })).toBeNull()
  })
})
