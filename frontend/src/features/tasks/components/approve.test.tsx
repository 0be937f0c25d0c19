import { useQuery } from '@tanstack/react-query'
import { screen } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { http, HttpResponse } from 'msw'
import { describe, expect, it } from 'vitest'
import { applyEventToCache } from '@/lib/events/cache-patches'
import { projectKeys } from '@/lib/query-keys'
import { renderWithClient, testQueryClient } from '@/testing/render'
import { recordRequests, server } from '@/testing/server'
import type { Subtask } from '@/types/api'
import { useSubtaskAction } from '../api/subtask-mutations'
import { ApproveButton } from './subtask-card'

const completed: Subtask = {
  id: 's1', task_id: 't1', key: 's1', title: 'Work s1', spec: '', implementation_plan: '', status: 'COMPLETED', blocked_reason: null, depends_on: [],
  branch_name: 'iv/s1', pr_url: null, pr_number: null, retry_count: 0, token_usage: 0, cost_usd: null, position: 0, created_at: 'c', updated_at: 'c',
  merge_state: 'clean', conflict_files: [], approved_at: null, checks: [], blocked_detail: null, follow_up_reason: null, automatic_follow_ups: 0,
}

/** The review view's Approve as the board wires it: the subtask from the cache, Approve through the mutation. */
function Approving() {
  const list = useQuery({ queryKey: projectKeys.subtasks('p1', 't1'), queryFn: (): Subtask[] => [], staleTime: Infinity })
  const approve = useSubtaskAction('p1', 'approve')
  const s = list.data?.[0]
  return s ? <ApproveButton s={s} busy={approve.isPending} onApprove={(x) => approve.mutate(x)} /> : null
}

describe('Approve', () => {
  it('approves completed work and then shows it approved', async () => {
    const qc = testQueryClient()
    qc.setQueryData(projectKeys.subtasks('p1', 't1'), [completed])
    const requests = recordRequests()
    server.use(http.post('/api/subtasks/s1/approve', () => HttpResponse.json({ ...completed, approved_at: '2026-12-02T12:00:00Z' })))
    renderWithClient(<Approving />, qc)

    await userEvent.setup().click(screen.getByRole('button', { name: 'Approve s1' }))

    expect(await screen.findByText('Approved')).toBeInTheDocument()
    expect(screen.queryByRole('button', { name: 'Approve s1' })).toBeNull()
    expect(requests.seen.filter((r) => r.method === 'POST').map((r) => r.path)).toEqual(['/api/subtasks/s1/approve'])
  })

  it('follows subtask:approved from the stream, and a move of the subtask drops the approval', () => {
    const qc = testQueryClient()
    qc.setQueryData(projectKeys.subtasks('p1', 't1'), [completed])
    applyEventToCache(qc, 'p1', { type: 'subtask:approved', id: '5', data: { subtask_id: 's1', task_id: 't1', approved_at: 'a' } })
    expect(qc.getQueryData<Subtask[]>(projectKeys.subtasks('p1', 't1'))?.[0].approved_at).toBe('a')

    applyEventToCache(qc, 'p1', {
      type: 'subtask:status_changed',
      id: '6',
      data: {
        subtask_id: 's1', task_id: 't1', old_status: 'COMPLETED', new_status: 'IN_PROGRESS', blocked_reason: null, pr_url: null, pr_number: null,
        changed_at: 'b', follow_up_reason: 'changes_requested', automatic_follow_ups: 0,
      },
    })
    expect(qc.getQueryData<Subtask[]>(projectKeys.subtasks('p1', 't1'))?.[0].approved_at).toBeNull()
  })

  it('marks the diff of a subtask whose follow-up completed as out of date', () => {
    const qc = testQueryClient()
    qc.setQueryData(projectKeys.subtasks('p1', 't1'), [{ ...completed, status: 'IN_PROGRESS' }])
    qc.setQueryData(projectKeys.diff('p1', 's1'), { files: [] })
    applyEventToCache(qc, 'p1', {
      type: 'subtask:status_changed',
      id: '7',
      data: {
        subtask_id: 's1', task_id: 't1', old_status: 'IN_PROGRESS', new_status: 'COMPLETED', blocked_reason: null, pr_url: '/x', pr_number: 1,
        changed_at: 'c', follow_up_reason: null, automatic_follow_ups: 0,
      },
    })
    expect(qc.getQueryState(projectKeys.diff('p1', 's1'))?.isInvalidated).toBe(true)
  })
})
