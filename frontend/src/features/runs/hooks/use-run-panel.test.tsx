import { QueryClientProvider, type QueryClient } from '@tanstack/react-query'
import { act, render, renderHook, screen, waitFor } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { http, HttpResponse } from 'msw'
import type { ReactNode } from 'react'
import { toast } from 'sonner'
import { describe, expect, it, vi } from 'vitest'
import { projectKeys } from '@/lib/query-keys'
import { testQueryClient } from '@/testing/render'
import { apiError, recordRequests, server } from '@/testing/server'
import type { ActiveRun, AgentRun } from '@/types/api'
import { RunLogPanel, SubtaskRunHistory } from '../components/run-panel'
import { useRunPanel } from './use-run-panel'

const task = { id: 't1', title: 'Due dates' }
const subtask = { id: 's1', key: 's1', title: 'Store the date' }

const run = (id: string, over: Partial<AgentRun> = {}): AgentRun => ({
  id,
  accepts_input: false,
  input_unavailable_reason: null,
  reason: null,
  agent_type: 'WORKER',
  task_id: 't1',
  subtask_id: 's1',
  attempt_number: 1,
  status: 'FAILED',
  started_at: '2026-01-01T00:00:00Z',
  ended_at: '2026-01-01T00:01:00Z',
  duration_ms: 60_000,
  token_usage: 10, cost_usd: null, model: null, input_tokens: 0, output_tokens: 0, cache_read_tokens: 0, cache_write_tokens: 0, runtime: null, session_id: null, resumed_session_id: null,
  error_message: null,
  ...over,
})
const active = (r: AgentRun): ActiveRun => ({
  id: r.id,
  project_id: 'p1',
  agent_type: r.agent_type,
  task_id: r.task_id,
  subtask_id: r.subtask_id,
  attempt_number: r.attempt_number,
  status: r.status,
  started_at: r.started_at,
})

/** The project's active runs, as the server answers them. */
function activeRunsRoute(runs: ActiveRun[]) {
  return http.get('/api/projects/p1/active-runs', () => HttpResponse.json({ runs }))
}

function setup(client: QueryClient = testQueryClient()) {
  const wrapper = ({ children }: { children: ReactNode }) => <QueryClientProvider client={client}>{children}</QueryClientProvider>
  const hook = renderHook(() => useRunPanel('p1'), { wrapper })
  return { client, ...hook }
}

/** Waits until the active runs arrived, so "is there an active run" has its answer. */
async function loaded(client: QueryClient) {
  await waitFor(() => expect(client.getQueryData(projectKeys.activeRuns('p1'))).toBeDefined())
}

describe('useRunPanel', () => {
  it('opens a subtask’s active run at once, without asking for its attempts', async () => {
    const running = run('r2', { attempt_number: 2, status: 'RUNNING', ended_at: null })
    server.use(activeRunsRoute([active(running)]))
    const requests = recordRequests()
    const { client, result } = setup()
    await loaded(client)

    await act(() => result.current.viewWorkerLogs(subtask))

    expect(result.current.shown).toMatchObject({ runId: 'r2', title: 's1 · Store the date', agentType: 'WORKER', runStatus: 'RUNNING' })
    expect(result.current.status).toBe('RUNNING')
    expect(requests.count('GET /api/subtasks/')).toBe(0)
  })

  it('opens the latest attempt when nothing runs', async () => {
    server.use(
      activeRunsRoute([]),
      http.get('/api/subtasks/s1/runs', () => HttpResponse.json([run('r1'), run('r3', { attempt_number: 3, status: 'SUCCEEDED' }), run('r2', { attempt_number: 2 })])),
    )
    const { client, result } = setup()
    await loaded(client)

    await act(() => result.current.viewWorkerLogs(subtask))

    expect(result.current.shown).toMatchObject({ runId: 'r3', agentType: 'WORKER', runStatus: 'SUCCEEDED' })
    expect(result.current.status).toBe('SUCCEEDED')
  })

  it('opens a task’s planner, not a worker of the same task', async () => {
    const worker = run('w1', { status: 'RUNNING' })
    const planner = run('pl1', { agent_type: 'PLANNER', subtask_id: null, status: 'QUEUED' })
    server.use(activeRunsRoute([active(worker), active(planner)]))
    const { client, result } = setup()
    await loaded(client)

    await act(() => result.current.viewPlannerLogs(task))

    expect(result.current.shown).toMatchObject({ runId: 'pl1', title: 'Planner · Due dates', agentType: 'PLANNER', runStatus: 'QUEUED' })
  })

  it('says so when no run has started, or when the runs cannot be read', async () => {
    const info = vi.spyOn(toast, 'info')
    const error = vi.spyOn(toast, 'error')
    server.use(
      activeRunsRoute([]),
      http.get('/api/tasks/t1/runs', () => HttpResponse.json([])),
      http.get('/api/subtasks/s1/runs', () => apiError(500, 'INTERNAL', 'boom')),
    )
    const { client, result } = setup()
    await loaded(client)

    await act(() => result.current.viewPlannerLogs(task))
    expect(info).toHaveBeenCalledWith('No run has started yet')
    await act(() => result.current.viewWorkerLogs(subtask))
    expect(error).toHaveBeenCalledWith('Could not load the runs')
    expect(result.current.shown).toBeNull()
  })

  it('follows the shown run’s status: from the active list while it is there, then from the cached runs lists', async () => {
    const running = run('r1', { status: 'QUEUED', ended_at: null })
    server.use(activeRunsRoute([active(running)]))
    const { client, result } = setup()
    await loaded(client)
    await act(() => result.current.viewWorkerLogs(subtask))
    expect(result.current.status).toBe('QUEUED')

    act(() => client.setQueryData(projectKeys.activeRuns('p1'), { runs: [active({ ...running, status: 'RUNNING' })] }))
    await waitFor(() => expect(result.current.status).toBe('RUNNING'))

    // it ended: gone from the active list, and the attempts list (patched by the stream) has the outcome
    act(() => {
      client.setQueryData(projectKeys.workerRuns('p1', 's1'), [run('r1', { status: 'SUCCEEDED' })])
      client.setQueryData(projectKeys.activeRuns('p1'), { runs: [] })
    })
    await waitFor(() => expect(result.current.status).toBe('SUCCEEDED'))
    expect(result.current.shown?.runStatus, 'what it was when opened').toBe('QUEUED')

    act(() => result.current.close())
    expect(result.current.shown).toBeNull()
    expect(result.current.status).toBeUndefined()
  })
})

describe('SubtaskRunHistory with RunLogPanel', () => {
  function Harness() {
    const panel = useRunPanel('p1')
    return (
      <>
        <SubtaskRunHistory projectId="p1" subtask={subtask} panel={panel} />
        <RunLogPanel projectId="p1" panel={panel} />
      </>
    )
  }

  it('opens the log of the attempt picked in the history', async () => {
    // the log view renders the rows that fit its height, which jsdom does not lay out
    vi.spyOn(HTMLElement.prototype, 'clientHeight', 'get').mockReturnValue(600)
    const user = userEvent.setup()
    server.use(
      activeRunsRoute([]),
      http.get('/api/settings', () => HttpResponse.json({ agents: { runtime: 'demo', sandbox: 'bwrap', network: 'on', max_retries: 3, takes_input: false } })),
      http.get('/api/subtasks/s1/runs', () => HttpResponse.json([run('r1'), run('r2', { attempt_number: 2, status: 'SUCCEEDED' })])),
      http.get('/api/runs/r1/logs', () =>
        HttpResponse.json({ lines: [{ line_number: 1, line: '[09:00:00] npm test failed', timestamp: '09:00:00' }], next_line: 2, complete: true, line_count: 1 }),
      ),
    )
    const client = testQueryClient()
    render(
      <QueryClientProvider client={client}>
        <Harness />
      </QueryClientProvider>,
    )

    await user.click(await screen.findByRole('button', { name: 'View log of attempt 1' }))

    const dialog = await screen.findByRole('dialog', { name: 's1 · attempt 1' })
    expect(dialog).toHaveTextContent('Worker')
    expect(await screen.findByText('npm test failed')).toBeInTheDocument()
    expect(dialog).toHaveTextContent('Failed')
  })
})
