import { act, renderHook } from '@testing-library/react'
import { http, HttpResponse } from 'msw'
import { describe, expect, it } from 'vitest'
import { projectKeys } from '@/lib/query-keys'
import { testQueryClient, wrapper } from '@/testing/render'
import { apiError, server } from '@/testing/server'
import type { ActiveRun } from '@/types/api'
import { useCancelRun } from './cancel-run'

const run = (over: Partial<ActiveRun>): ActiveRun => ({
  id: 'r', project_id: 'p1', agent_type: 'WORKER', task_id: 't2', subtask_id: 's1', attempt_number: 1, status: 'RUNNING', started_at: new Date().toISOString(), ...over,
})

describe('useCancelRun', () => {
  it('posts the cancel and refetches the active runs and the subtask’s runs', async () => {
    const client = testQueryClient()
    client.setQueryData(projectKeys.activeRuns('p1'), { runs: [run({ id: 'rw' })] })
    client.setQueryData(projectKeys.workerRuns('p1', 's1'), [])
    let posted = 0
    server.use(
      http.post('/api/runs/rw/cancel', () => {
        posted++
        return HttpResponse.json({ ...run({ id: 'rw' }), status: 'FAILED', error_message: 'stopped by you' })
      }),
      http.get('/api/projects/p1/active-runs', () => HttpResponse.json({ runs: [] })),
      http.get('/api/subtasks/s1/runs', () => HttpResponse.json([])),
    )
    const { result } = renderHook(() => useCancelRun('p1'), { wrapper: wrapper(client) })
    await act(async () => {
      await result.current.mutateAsync('rw')
    })
    expect(posted).toBe(1)
    expect(client.getQueryState(projectKeys.activeRuns('p1'))?.isInvalidated).toBe(true)
    expect(client.getQueryState(projectKeys.workerRuns('p1', 's1'))?.isInvalidated).toBe(true)
  })

  it('a run that already ended is refused with the server’s message', async () => {
    server.use(http.post('/api/runs/rw/cancel', () => apiError(409, 'CONFLICT', 'the run has already ended (SUCCEEDED)')))
    const { result } = renderHook(() => useCancelRun('p1'), { wrapper: wrapper(testQueryClient()) })
    await act(async () => {
      await expect(result.current.mutateAsync('rw')).rejects.toThrow('already ended')
    })
  })
})
