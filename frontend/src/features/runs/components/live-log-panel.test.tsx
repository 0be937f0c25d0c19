import { QueryClientProvider } from '@tanstack/react-query'
import { act, render, screen } from '@testing-library/react'
import { http, HttpResponse } from 'msw'
import type { ReactNode } from 'react'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { ProjectEventsProvider } from '@/lib/events/project-events-context'
import { fakeTransport } from '@/testing/fake-transport'
import { testQueryClient } from '@/testing/render'
import { noContent, server } from '@/testing/server'
import { LiveLogPanel } from './live-log-panel'

describe('LiveLogPanel', () => {
  beforeEach(() => {
    vi.useFakeTimers()
    Object.defineProperty(HTMLElement.prototype, 'clientHeight', { configurable: true, get: () => 600 })
  })
  afterEach(() => vi.useRealTimers())

  it('shows title, agent badge and Streaming, streams lines in, then Complete', async () => {
    server.use(
      http.get('/api/runs/r1/logs', () =>
        HttpResponse.json({ lines: [{ line_number: 1, line: '[09:00:00] Reading the repository', timestamp: '09:00:00' }], next_line: 2, complete: false }),
      ),
      http.put('/api/projects/p1/events/c1/log-subscriptions', () => noContent()),
    )
    const fake = fakeTransport()
    const client = testQueryClient()
    const Wrapper = ({ children }: { children: ReactNode }) => (
      <QueryClientProvider client={client}>
        <ProjectEventsProvider projectId="p1" transport={fake.transport}>
          {children}
        </ProjectEventsProvider>
      </QueryClientProvider>
    )
    const { rerender } = render(<LiveLogPanel open runId="r1" title="Planner · Due dates" agentType="PLANNER" runStatus="RUNNING" onClose={() => {}} />, {
      wrapper: Wrapper,
    })
    act(() => fake.last.connected('c1'))
    for (let i = 0; i < 8; i++) await act(async () => vi.advanceTimersByTimeAsync(20))
    const dialog = screen.getByRole('dialog', { name: 'Planner · Due dates' })
    expect(dialog).toHaveTextContent('Planner')
    expect(dialog).toHaveTextContent('Streaming')
    expect(screen.getByText('Reading the repository')).toBeInTheDocument()

    act(() => fake.last.send('agent:log', { run_id: 'r1', line: '[09:00:01] Writing the plan', line_number: 2, timestamp: '09:00:01' }))
    await act(async () => vi.advanceTimersByTimeAsync(20))
    expect(screen.getByText('Writing the plan')).toBeInTheDocument()
    expect(dialog).toHaveTextContent('2 lines')

    act(() => fake.last.send('agent:completed', { run_id: 'r1', agent_type: 'PLANNER', task_id: 't', subtask_id: null, duration_ms: 5, token_usage: 9 }, 8))
    rerender(<LiveLogPanel open runId="r1" title="Planner · Due dates" agentType="PLANNER" runStatus="SUCCEEDED" onClose={() => {}} />)
    for (let i = 0; i < 8; i++) await act(async () => vi.advanceTimersByTimeAsync(20))
    expect(dialog).toHaveTextContent('Complete')
  })

  it('offers Stop while the run is active, and not once it has ended', async () => {
    server.use(
      http.get('/api/runs/r1/logs', () => HttpResponse.json({ lines: [], next_line: 1, complete: false })),
      http.put('/api/projects/p1/events/c1/log-subscriptions', () => noContent()),
    )
    const fake = fakeTransport()
    const client = testQueryClient()
    const Wrapper = ({ children }: { children: ReactNode }) => (
      <QueryClientProvider client={client}>
        <ProjectEventsProvider projectId="p1" transport={fake.transport}>
          {children}
        </ProjectEventsProvider>
      </QueryClientProvider>
    )
    const onStop = vi.fn()
    const { rerender } = render(<LiveLogPanel open runId="r1" title="s1 · Store" agentType="WORKER" runStatus="QUEUED" onClose={() => {}} onStop={onStop} />, {
      wrapper: Wrapper,
    })
    act(() => screen.getByRole('button', { name: 'Stop this run' }).click())
    expect(onStop).toHaveBeenCalledTimes(1)
    rerender(<LiveLogPanel open runId="r1" title="s1 · Store" agentType="WORKER" runStatus="FAILED" onClose={() => {}} onStop={onStop} />)
    expect(screen.queryByRole('button', { name: 'Stop this run' })).toBeNull()
  })
})
