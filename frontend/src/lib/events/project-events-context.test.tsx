import { QueryClient, QueryClientProvider, useQuery } from '@tanstack/react-query'
import { act, render, renderHook, screen } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { http, HttpResponse } from 'msw'
import type { ReactNode } from 'react'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { ConnectionStatus } from '@/components/connection-status'
import { api } from '@/lib/api-client'
import { projectKeys } from '@/lib/query-keys'
import { fakeTransport } from '@/testing/fake-transport'
import { testQueryClient } from '@/testing/render'
import { noContent, recordRequests, server } from '@/testing/server'
import type { Task } from '@/types/api'
import { BACKOFF_MS } from './event-stream'
import { ProjectEventsProvider, useProjectEvents, usePollWhileDisconnected } from './project-events-context'

const task = (id: string, status: Task['status'] = 'PLANNING'): Task => ({
  id,
  project_id: 'p1',
  title: id,
  description: 'd',
  status,
  spec: null,
  error_message: null,
  autopilot: false,
  require_plan_approval: false,
  plan_approved_at: null,
  budget_usd: null,
  budget_tokens: null,
  budget_reached: false,
  cost_usd: null,
  token_usage: 0,
  created_at: '2026-01-01T00:00:00Z',
  updated_at: '2026-01-01T00:00:00Z',
})

function setup(client: QueryClient = testQueryClient()) {
  const fake = fakeTransport()
  const Wrapper = ({ children }: { children: ReactNode }) => (
    <QueryClientProvider client={client}>
      <ProjectEventsProvider projectId="p1" transport={fake.transport}>
        {children}
      </ProjectEventsProvider>
    </QueryClientProvider>
  )
  return { fake, client, Wrapper }
}

/** What the board does: tasks, polled only while the stream is down. */
function useBoardTasks() {
  const refetchInterval = usePollWhileDisconnected()
  return useQuery({
    queryKey: projectKeys.tasks('p1'),
    queryFn: () => api<Task[]>('/projects/p1/tasks'),
    refetchInterval,
  })
}

/** Lets pending fetches and query updates finish (fake timers are on). */
async function flush() {
  for (let i = 0; i < 5; i++) {
    await act(async () => {
      await vi.advanceTimersByTimeAsync(0)
    })
  }
}

describe('ProjectEventsProvider', () => {
  beforeEach(() => vi.useFakeTimers({ shouldAdvanceTime: false }))
  afterEach(() => vi.useRealTimers())

  it('goes connecting → live on `connected`, and asks for the stream as text/event-stream', async () => {
    server.use(http.get('/api/projects/p1/tasks', () => HttpResponse.json([])))
    const { fake, Wrapper } = setup()
    const { result } = renderHook(() => useProjectEvents(), { wrapper: Wrapper })
    expect(result.current.state).toBe('connecting')
    expect(fake.connections).toHaveLength(1)
    expect(fake.last.url).toBe('/api/projects/p1/events')
    expect(fake.last.header('Accept')).toBe('text/event-stream')
    expect(fake.last.header('Last-Event-ID')).toBeUndefined()

    act(() => fake.last.connected())
    expect(result.current.state).toBe('live')
    expect(result.current.isLive).toBe(true)
  })

  it('reconnects with backoff 1, 2, 4, 8, 16, 30, 30 s and shows Reconnect after 5 failures', async () => {
    const { fake, Wrapper } = setup()
    render(<ConnectionStatus />, { wrapper: Wrapper })
    act(() => fake.last.connected())
    expect(screen.getByText('Live')).toBeInTheDocument()

    const waits = [...BACKOFF_MS, 30_000]
    for (let i = 0; i < waits.length; i++) {
      const before = fake.connections.length
      await act(async () => fake.last.fail(0))
      await act(async () => vi.advanceTimersByTime(waits[i] - 1))
      expect(fake.connections.length, `attempt ${i + 1} not before ${waits[i]} ms`).toBe(before)
      await act(async () => vi.advanceTimersByTime(1))
      expect(fake.connections.length, `attempt ${i + 1} at ${waits[i]} ms`).toBe(before + 1)
      const manual = screen.queryByRole('button', { name: /reconnect/i })
      expect(manual !== null, `Reconnect button after ${i + 1} failures`).toBe(i + 1 >= 5)
    }
    expect(screen.getByText(/Reconnecting/)).toBeInTheDocument()

    // the button tries at once, and a success resets everything
    vi.useRealTimers()
    const before = fake.connections.length
    await userEvent.click(screen.getByRole('button', { name: /reconnect/i }))
    expect(fake.connections.length).toBe(before + 1)
    act(() => fake.last.connected())
    expect(screen.getByText('Live')).toBeInTheDocument()
    expect(screen.queryByRole('button', { name: /reconnect/i })).toBeNull()
  })

  it('a refusal for good (404) stops retrying and the board polls', async () => {
    const { fake, Wrapper } = setup()
    const { result } = renderHook(() => useProjectEvents(), { wrapper: Wrapper })
    await act(async () => fake.last.fail(404, 'not found'))
    expect(result.current.state).toBe('unavailable')
    await act(async () => vi.advanceTimersByTime(120_000))
    expect(fake.connections).toHaveLength(1)
  })

  it('resumes with Last-Event-ID of the last id’d event and the next log line of each subscribed run', async () => {
    server.use(http.put('/api/projects/p1/events/c1/log-subscriptions', () => noContent()))
    const { fake, Wrapper } = setup()
    const { result } = renderHook(() => useProjectEvents(), { wrapper: Wrapper })
    act(() => fake.last.connected())
    let next = 1
    act(() => {
      result.current.subscribeToLogs('r1', { resumeFrom: () => next, onLines: (l) => (next = l[l.length - 1].line_number + 1), onEnd() {}, onError() {} })
    })
    act(() => {
      fake.last.send('task:status_changed', { task_id: 't1', old_status: null, new_status: 'PLANNING', changed_at: 'x' }, 41)
      fake.last.send('subtask:unblocked', { subtask_id: 's', task_id: 't1', unblocked_by: 'u', changed_at: 'x' }, 42)
      fake.last.send('agent:log', { run_id: 'r1', line: 'a', line_number: 1, timestamp: null })
      fake.last.send('agent:log', { run_id: 'r1', line: 'b', line_number: 2, timestamp: null })
      fake.last.send('heartbeat', { timestamp: 'x' })
    })
    await act(async () => fake.last.fail(0))
    await act(async () => vi.advanceTimersByTime(1000))
    expect(fake.connections).toHaveLength(2)
    expect(fake.last.header('Last-Event-ID')).toBe('42')
    expect(fake.last.url).toBe(`/api/projects/p1/events?subscribe_logs=${encodeURIComponent('r1@3')}`)
  })

  /** A stream connected as c9 whose subscription PUTs are recorded. */
  function connectedWithPuts() {
    const puts: unknown[] = []
    server.use(
      http.put('/api/projects/p1/events/c9/log-subscriptions', async ({ request }) => {
        puts.push(await request.json())
        return noContent()
      }),
    )
    const { fake, Wrapper } = setup()
    const { result } = renderHook(() => useProjectEvents(), { wrapper: Wrapper })
    act(() => fake.last.connected('c9'))
    return { puts, fake, result }
  }

  it('changes log subscriptions on the open stream with PUT, without reconnecting', async () => {
    const { puts, fake, result } = connectedWithPuts()
    let unsubscribe = () => {}
    act(() => {
      unsubscribe = result.current.subscribeToLogs('r7', { resumeFrom: () => 5, onLines() {}, onEnd() {}, onError() {} })
    })
    await act(async () => vi.advanceTimersByTimeAsync(1))
    await vi.waitFor(() => expect(puts).toEqual([{ runs: ['r7@5'] }]))
    act(() => unsubscribe())
    await act(async () => vi.advanceTimersByTimeAsync(1))
    await vi.waitFor(() => expect(puts).toEqual([{ runs: ['r7@5'] }, { runs: [] }]))
    expect(fake.connections).toHaveLength(1)
  })

  it('asks for a run from line 1 with @1, since a plain run id means live lines only', async () => {
    const { puts, result } = connectedWithPuts()
    act(() => {
      result.current.subscribeToLogs('r7', { resumeFrom: () => 1, onLines() {}, onEnd() {}, onError() {} })
    })
    await act(async () => vi.advanceTimersByTimeAsync(1))
    await vi.waitFor(() => expect(puts).toEqual([{ runs: ['r7@1'] }]))
  })

  it('routes agent:log lines to the run’s subscribers only', () => {
    const { fake, Wrapper } = setup()
    const { result } = renderHook(() => useProjectEvents(), { wrapper: Wrapper })
    act(() => fake.last.connected())
    const mine = vi.fn()
    const ends = vi.fn()
    act(() => {
      result.current.subscribeToLogs('r1', { resumeFrom: () => 1, onLines: mine, onEnd: ends, onError() {} })
    })
    act(() => {
      fake.last.send('agent:log', { run_id: 'r1', line: 'mine', line_number: 1, timestamp: null })
      fake.last.send('agent:log', { run_id: 'r2', line: 'other', line_number: 1, timestamp: null })
      fake.last.send('agent:completed', { run_id: 'r1', agent_type: 'PLANNER', task_id: 't', subtask_id: null, duration_ms: 1, token_usage: 1 }, 3)
    })
    expect(mine).toHaveBeenCalledTimes(1)
    expect(mine.mock.calls[0][0][0].line).toBe('mine')
    expect(ends).toHaveBeenCalledWith('SUCCEEDED')
  })

  it('`resync` refetches the project over REST', async () => {
    let answer: Task[] = [task('t1')]
    server.use(http.get('/api/projects/p1/tasks', () => HttpResponse.json(answer)))
    const requests = recordRequests()
    const { fake, Wrapper } = setup()
    const { result } = renderHook(() => useBoardTasks(), { wrapper: Wrapper })
    act(() => fake.last.connected())
    await flush()
    await flush()
    expect(result.current.data).toEqual([task('t1')])
    const before = requests.count('GET /api/projects/p1/tasks')
    answer = [task('t1', 'ACTIVE'), task('t2')]
    act(() => fake.last.send('resync', { reason: 'too far behind' }, 99))
    await flush()
    await flush()
    expect(requests.count('GET /api/projects/p1/tasks')).toBe(before + 1)
    expect(result.current.data).toEqual(answer)
  })

  it('polls every 5 s only while the stream is down', async () => {
    server.use(http.get('/api/projects/p1/tasks', () => HttpResponse.json([])))
    const requests = recordRequests()
    const { fake, Wrapper } = setup()
    renderHook(() => useBoardTasks(), { wrapper: Wrapper })
    act(() => fake.last.connected())
    await flush()
    await flush()
    const settled = requests.count('GET /api/projects/p1/tasks')
    await act(async () => vi.advanceTimersByTime(60_000)) // heartbeats would keep it alive; none needed here
    expect(requests.count('GET /api/projects/p1/tasks'), 'no request while live').toBe(settled)

    await act(async () => fake.last.fail(0))
    await act(async () => vi.advanceTimersByTime(5000))
    await flush()
    expect(requests.count('GET /api/projects/p1/tasks'), 'one poll after 5 s down').toBe(settled + 1)

    // the reconnect (at 1 s) was attempted; once it is live, polling stops again
    act(() => fake.last.connected())
    await flush()
    const live = requests.count('GET /api/projects/p1/tasks')
    await act(async () => vi.advanceTimersByTime(30_000))
    expect(requests.count('GET /api/projects/p1/tasks')).toBe(live)
  })

  it('treats a silent stream (no heartbeat) as dead and reconnects', async () => {
    const fake = fakeTransport()
    const client = testQueryClient()
    const { result } = renderHook(() => useProjectEvents(), {
      wrapper: ({ children }) => (
        <QueryClientProvider client={client}>
          <ProjectEventsProvider projectId="p1" transport={fake.transport} staleAfterMs={10_000}>
            {children}
          </ProjectEventsProvider>
        </QueryClientProvider>
      ),
    })
    act(() => fake.last.connected())
    await act(async () => vi.advanceTimersByTime(9_000))
    act(() => fake.last.send('heartbeat', { timestamp: 'x' }))
    await act(async () => vi.advanceTimersByTime(9_000))
    expect(result.current.state).toBe('live')
    await act(async () => vi.advanceTimersByTime(1_001))
    expect(result.current.state).toBe('reconnecting')
    await act(async () => vi.advanceTimersByTime(1_000))
    expect(fake.connections).toHaveLength(2)
  })
})

describe('project:deleted', () => {
  beforeEach(() => vi.useFakeTimers({ shouldAdvanceTime: false }))
  afterEach(() => vi.useRealTimers())

  it('marks the project deleted and does not reconnect when the server ends the stream', async () => {
    server.use(http.get('/api/projects/p1/tasks', () => HttpResponse.json([])))
    const { fake, Wrapper } = setup()
    const { result } = renderHook(() => useProjectEvents(), { wrapper: Wrapper })
    act(() => fake.last.connected())
    expect(result.current.projectDeleted).toBe(false)

    act(() => fake.last.send('project:deleted', { project_id: 'p1', deleted_at: 'now' }, 7))
    await act(async () => fake.last.end())
    await act(async () => vi.advanceTimersByTime(60_000))

    expect(result.current.projectDeleted).toBe(true)
    expect(fake.connections).toHaveLength(1)
  })
})
