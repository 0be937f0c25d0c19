import { QueryClientProvider } from '@tanstack/react-query'
import { act, renderHook } from '@testing-library/react'
import { http, HttpResponse } from 'msw'
import type { ReactNode } from 'react'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { ProjectEventsProvider } from '@/lib/events/project-events-context'
import { fakeTransport } from '@/testing/fake-transport'
import { testQueryClient } from '@/testing/render'
import { noContent, recordRequests, server } from '@/testing/server'
import type { LogPage, RunStatus } from '@/types/api'
import { LOG_POLL_MS, useLiveLog } from './use-live-log'

const lines = (from: number, to: number) =>
  Array.from({ length: to - from + 1 }, (_, i) => ({ line_number: from + i, line: `[10:00:00] line ${from + i}`, timestamp: '10:00:00' }))

/** `GET /api/runs/r1/logs`: a log of `total` lines served in pages like the server does. */
function logRoute(state: { total: number; complete: boolean }) {
  return http.get('/api/runs/r1/logs', ({ request }) => {
    const q = new URL(request.url).searchParams
    const from = Number(q.get('from_line'))
    const limit = Number(q.get('limit'))
    const to = Math.min(state.total, from + limit - 1)
    return HttpResponse.json<LogPage>({
      lines: from <= to ? lines(from, to) : [],
      next_line: Math.max(from, to + 1),
      complete: state.complete && to >= state.total,
      line_count: state.total,
    })
  })
}

/** `PUT .../log-subscriptions` of connection c1, keeping each body sent. */
function subscriptionsRoute(bodies: unknown[] = []) {
  return http.put('/api/projects/p1/events/c1/log-subscriptions', async ({ request }) => {
    bodies.push(await request.json())
    return noContent()
  })
}

function setup() {
  const fake = fakeTransport()
  const frames: (() => void)[] = []
  const scheduleFrame = (cb: () => void) => void frames.push(cb)
  const runFrames = () => act(() => frames.splice(0).forEach((f) => f()))
  const client = testQueryClient()
  const wrapper = ({ children }: { children: ReactNode }) => (
    <QueryClientProvider client={client}>
      <ProjectEventsProvider projectId="p1" transport={fake.transport}>
        {children}
      </ProjectEventsProvider>
    </QueryClientProvider>
  )
  return { fake, frames, scheduleFrame, runFrames, wrapper }
}

async function settle() {
  for (let i = 0; i < 8; i++) await act(async () => vi.advanceTimersByTimeAsync(0))
}

const text = (log: ReturnType<typeof useLiveLog>) => log.buffer.text().split('\n')

describe('useLiveLog', () => {
  beforeEach(() => vi.useFakeTimers())
  afterEach(() => vi.useRealTimers())

  it('reads history over REST, then subscribes from the next line and merges live lines in order, once each', async () => {
    const state = { total: 3, complete: false }
    const puts: unknown[] = []
    server.use(logRoute(state), subscriptionsRoute(puts))
    const { fake, runFrames, scheduleFrame, wrapper } = setup()
    const { result } = renderHook(() => useLiveLog('r1', { runStatus: 'RUNNING', scheduleFrame }), { wrapper })
    act(() => fake.last.connected('c1'))
    await settle()
    runFrames()
    expect(result.current.buffer.lastLine).toBe(3)
    expect(result.current.status).toBe('streaming')
    // subscribed on the open stream from line 4: no backfill of what REST gave
    expect(puts).toEqual([{ runs: ['r1@4'] }])

    act(() => {
      fake.last.send('agent:log', { run_id: 'r1', line: 'dup of 3', line_number: 3, timestamp: null })
      fake.last.send('agent:log', { run_id: 'r1', line: 'five', line_number: 5, timestamp: null })
      fake.last.send('agent:log', { run_id: 'r1', line: 'four', line_number: 4, timestamp: null })
      fake.last.send('agent:log', { run_id: 'r1', line: 'four again', line_number: 4, timestamp: null })
    })
    runFrames()
    expect(text(result.current).slice(2)).toEqual(['[10:00:00] line 3', 'four', 'five'])
    expect(result.current.buffer.lastLine).toBe(5)
  })

  it('fills a gap in the live lines from REST', async () => {
    const state = { total: 2, complete: false }
    server.use(logRoute(state), subscriptionsRoute())
    const requests = recordRequests()
    const { fake, runFrames, scheduleFrame, wrapper } = setup()
    const { result } = renderHook(() => useLiveLog('r1', { runStatus: 'RUNNING', scheduleFrame }), { wrapper })
    act(() => fake.last.connected('c1'))
    await settle()
    runFrames()
    state.total = 6
    act(() => fake.last.send('agent:log', { run_id: 'r1', line: '[10:00:00] line 6', line_number: 6, timestamp: null }))
    runFrames()
    await settle()
    runFrames()
    expect(requests.count('GET /api/runs/r1/logs?from_line=3&limit=3')).toBe(1)
    expect(result.current.buffer.lastLine).toBe(6)
    expect(text(result.current)).toEqual(lines(1, 6).map((l) => l.line))
  })

  it('applies a burst of lines in one render per animation frame', async () => {
    server.use(logRoute({ total: 0, complete: false }), subscriptionsRoute())
    const { fake, frames, runFrames, scheduleFrame, wrapper } = setup()
    let renders = 0
    const { result } = renderHook(
      () => {
        renders++
        return useLiveLog('r1', { runStatus: 'RUNNING', scheduleFrame })
      },
      { wrapper },
    )
    act(() => fake.last.connected('c1'))
    await settle()
    runFrames()
    const before = renders
    act(() => {
      for (let n = 1; n <= 2000; n++) fake.last.send('agent:log', { run_id: 'r1', line: `l${n}`, line_number: n, timestamp: null })
    })
    expect(renders).toBe(before) // nothing until the frame
    expect(frames).toHaveLength(1) // one frame queued for 2,000 lines
    runFrames()
    expect(renders).toBe(before + 1)
    expect(result.current.buffer.lastLine).toBe(2000)
  })

  it('a finished run loads every page and does not subscribe', async () => {
    server.use(logRoute({ total: 25_000, complete: true }))
    const requests = recordRequests()
    const { fake, runFrames, scheduleFrame, wrapper } = setup()
    const { result } = renderHook(() => useLiveLog('r1', { runStatus: 'FAILED', scheduleFrame }), { wrapper })
    act(() => fake.last.connected('c1'))
    await settle()
    runFrames()
    expect(requests.count('GET /api/runs/r1/logs')).toBe(3)
    expect(result.current.buffer.lastLine).toBe(25_000)
    expect(result.current.status).toBe('failed')
    expect(requests.count('PUT')).toBe(0)
  })

  it('reads only the lines it keeps of a log longer than its buffer, numbered as in the log', async () => {
    server.use(logRoute({ total: 50_000, complete: true }))
    const requests = recordRequests()
    const { fake, runFrames, scheduleFrame, wrapper } = setup()
    const { result } = renderHook(() => useLiveLog('r1', { runStatus: 'SUCCEEDED', maxLines: 100, scheduleFrame }), { wrapper })
    act(() => fake.last.connected('c1'))
    await settle()
    runFrames()
    const froms = requests.seen.filter((r) => r.method === 'GET').map((r) => new URL(r.path, 'http://x').searchParams.get('from_line'))
    expect(froms).toEqual(['1', '49901'])
    expect(result.current.buffer.firstLine).toBe(49_901)
    expect(result.current.buffer.lastLine).toBe(50_000)
    expect(result.current.buffer.dropped).toBe(49_900)
    expect(text(result.current)[0]).toBe('[10:00:00] line 49901')
    expect(result.current.status).toBe('complete')
  })

  it('shows Complete or Failed when the run ends, after reading the lines written last', async () => {
    const state = { total: 1, complete: false }
    server.use(logRoute(state), subscriptionsRoute())
    const { fake, runFrames, scheduleFrame, wrapper } = setup()
    const { result, rerender } = renderHook(({ status }: { status: RunStatus }) => useLiveLog('r1', { runStatus: status, scheduleFrame }), {
      wrapper,
      initialProps: { status: 'RUNNING' },
    })
    act(() => fake.last.connected('c1'))
    await settle()
    state.total = 4
    state.complete = true
    act(() => fake.last.send('agent:failed', { run_id: 'r1', agent_type: 'WORKER', task_id: 't', subtask_id: 's', attempt_number: 1, error_message: 'x', will_retry: false, next_attempt_at: null }, 5))
    rerender({ status: 'FAILED' })
    await settle()
    runFrames()
    expect(result.current.status).toBe('failed')
    expect(result.current.buffer.lastLine).toBe(4)
  })

  it('polls an active run’s log only while the stream is down', async () => {
    const state = { total: 1, complete: false }
    server.use(logRoute(state), subscriptionsRoute())
    const requests = recordRequests()
    const { fake, runFrames, scheduleFrame, wrapper } = setup()
    const { result } = renderHook(() => useLiveLog('r1', { runStatus: 'RUNNING', scheduleFrame }), { wrapper })
    act(() => fake.last.connected('c1'))
    await settle()
    const live = requests.count('GET /api/runs/r1/logs')
    await act(async () => vi.advanceTimersByTimeAsync(LOG_POLL_MS * 5))
    expect(requests.count('GET /api/runs/r1/logs')).toBe(live)

    await act(async () => fake.last.fail(0))
    state.total = 3
    await act(async () => vi.advanceTimersByTimeAsync(LOG_POLL_MS))
    await settle()
    runFrames()
    expect(requests.count('GET /api/runs/r1/logs')).toBeGreaterThan(live)
    expect(result.current.buffer.lastLine).toBe(3)
  })
})
