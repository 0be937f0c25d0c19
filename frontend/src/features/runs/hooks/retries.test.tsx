import { QueryClientProvider } from '@tanstack/react-query'
import { act, render, renderHook, screen, waitFor } from '@testing-library/react'
import { http, HttpResponse } from 'msw'
import type { ReactNode } from 'react'
import { describe, expect, it } from 'vitest'
import { applyEventToCache, type ActiveRunsData } from '@/lib/events/cache-patches'
import { projectKeys } from '@/lib/query-keys'
import { testQueryClient } from '@/testing/render'
import { server } from '@/testing/server'
import type { ActiveRun, ProjectEvent } from '@/types/api'
import { LiveLogPanel } from '../components/live-log-panel'
import { useRunPanel } from './use-run-panel'

const failed = (attempt: number, willRetry: boolean, at: string | null): ProjectEvent =>
  ({
    type: 'agent:failed',
    id: String(attempt),
    data: { run_id: `r${attempt}`, agent_type: 'WORKER', task_id: 't1', subtask_id: 's1', attempt_number: attempt, error_message: 'exit 3', will_retry: willRetry, next_attempt_at: at },
  }) as ProjectEvent
const queued = (attempt: number): ProjectEvent =>
  ({
    type: 'agent:queued',
    id: String(attempt + 10),
    data: { run_id: `r${attempt}`, agent_type: 'WORKER', task_id: 't1', subtask_id: 's1', attempt_number: attempt, started_at: new Date().toISOString() },
  }) as ProjectEvent

describe('retries on the stream', () => {
  it('agent:failed with will_retry records when the next attempt starts; its agent:queued clears it', () => {
    const qc = testQueryClient()
    const at = new Date(Date.now() + 5000).toISOString()
    applyEventToCache(qc, 'p1', failed(1, true, at))
    expect(qc.getQueryData(projectKeys.nextAttempts('p1'))).toEqual({ s1: { failedAttempt: 1, at, error: 'exit 3' } })
    applyEventToCache(qc, 'p1', queued(2))
    expect(qc.getQueryData(projectKeys.nextAttempts('p1'))).toEqual({})
    applyEventToCache(qc, 'p1', failed(2, false, null))
    expect(qc.getQueryData(projectKeys.nextAttempts('p1'))).toEqual({})
  })

  it('the log panel follows the next attempt of the run it shows once it is queued', async () => {
    const qc = testQueryClient()
    const first: ActiveRun = { id: 'r1', project_id: 'p1', agent_type: 'WORKER', task_id: 't1', subtask_id: 's1', attempt_number: 1, status: 'RUNNING', started_at: 'c' }
    server.use(http.get('/api/projects/p1/active-runs', () => HttpResponse.json({ runs: [first] })))
    const wrapper = ({ children }: { children: ReactNode }) => <QueryClientProvider client={qc}>{children}</QueryClientProvider>
    const { result } = renderHook(() => useRunPanel('p1'), { wrapper })
    await waitFor(() => expect(qc.getQueryData(projectKeys.activeRuns('p1'))).toBeDefined())
    await act(() => result.current.viewWorkerLogs({ id: 's1', key: 's1', title: 'Store' }))
    expect(result.current.shown?.runId).toBe('r1')

    act(() => applyEventToCache(qc, 'p1', failed(1, true, new Date(Date.now() + 5000).toISOString())))
    expect(result.current.shown?.runId).toBe('r1')
    act(() => applyEventToCache(qc, 'p1', queued(2)))
    await waitFor(() => expect(result.current.shown?.runId).toBe('r2'))
    expect(result.current.shown?.attemptNumber).toBe(2)
    expect(qc.getQueryData<ActiveRunsData>(projectKeys.activeRuns('p1'))!.runs.map((r) => r.id)).toEqual(['r2'])
  })

  it('an attempt picked from the history stays on show', async () => {
    const qc = testQueryClient()
    server.use(http.get('/api/projects/p1/active-runs', () => HttpResponse.json({ runs: [] })))
    const wrapper = ({ children }: { children: ReactNode }) => <QueryClientProvider client={qc}>{children}</QueryClientProvider>
    const { result } = renderHook(() => useRunPanel('p1'), { wrapper })
    await waitFor(() => expect(qc.getQueryData(projectKeys.activeRuns('p1'))).toBeDefined())
    act(() =>
      result.current.viewAttempt(
        { id: 'r1', agent_type: 'WORKER', task_id: 't1', subtask_id: 's1', attempt_number: 1, status: 'FAILED', started_at: 'c', ended_at: 'c', duration_ms: 1, token_usage: 0, cost_usd: null, model: null, input_tokens: 0, output_tokens: 0, cache_read_tokens: 0, cache_write_tokens: 0, runtime: null, session_id: null, resumed_session_id: null, error_message: 'x', reason: null, accepts_input: false, input_unavailable_reason: null },
        { key: 's1' },
      ),
    )
    act(() => applyEventToCache(qc, 'p1', queued(2)))
    expect(result.current.shown?.runId).toBe('r1')
  })

  it('the panel header says which attempt of how many, and counts down to the next', () => {
    server.use(http.get('/api/runs/r1/logs', () => HttpResponse.json({ lines: [], next_line: 1, complete: true })))
    const qc = testQueryClient()
    render(
      <QueryClientProvider client={qc}>
        <LiveLogPanel open runId="r1" title="s1 · Store" agentType="WORKER" runStatus="FAILED" onClose={() => {}} attempt={2} maxAttempts={10} nextAttemptAt={new Date(Date.now() + 4500).toISOString()} />
      </QueryClientProvider>,
    )
    const dialog = screen.getByRole('dialog', { name: 's1 · Store' })
    expect(dialog).toHaveTextContent('attempt 2 of 10')
    expect(dialog).toHaveTextContent(/next try in [45] s/)
  })
})
