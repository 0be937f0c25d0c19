import { screen, waitFor, within } from '@testing-library/react'
import { http, HttpResponse } from 'msw'
import { describe, expect, it } from 'vitest'
import { fakeTransport } from '@/testing/fake-transport'
import { renderWithClient } from '@/testing/render'
import { server } from '@/testing/server'
import type { ActivityRun, NeedsYouItem } from '@/types/api'
import { ActivityRoute } from './activity'

const run = (over: Partial<ActivityRun>): ActivityRun => ({
  run_id: 'r1',
  project_id: 'p1',
  project_name: 'todo-app',
  task_id: 't1',
  task_title: 'Add dark mode',
  subtask_id: 's1',
  subtask_key: 's1',
  subtask_title: 'Theme tokens',
  agent_type: 'WORKER',
  status: 'RUNNING',
  attempt_number: 2,
  reason: 'retry',
  started_at: new Date(Date.now() - 65_000).toISOString(),
  token_usage: 12_300,
  ...over,
})

const item = (over: Partial<NeedsYouItem>): NeedsYouItem => ({
  kind: 'FAILED',
  project_id: 'p2',
  project_name: 'api-server',
  task_id: 't9',
  task_title: 'Rate limits',
  subtask_id: 's9',
  subtask_key: 's2',
  subtask_title: 'Token bucket',
  detail: 'agent exited with code 1',
  since: new Date().toISOString(),
  ...over,
})

describe('ActivityRoute', () => {
  it('lists what needs the user and every agent at work across projects, each with a link to act', async () => {
    server.use(
      http.get('/api/activity', () => HttpResponse.json({ runs: [run({}), run({ run_id: 'r2', project_id: 'p2', project_name: 'api-server', agent_type: 'PLANNER', status: 'QUEUED', subtask_id: null, subtask_key: null, subtask_title: null, task_id: 't9', task_title: 'Rate limits', reason: null, token_usage: 0, attempt_number: 1 })] })),
      http.get('/api/needs-you', () => HttpResponse.json({ items: [item({}), item({ kind: 'PLANNING_FAILED', subtask_id: null, subtask_key: null, subtask_title: null, detail: 'no plan written' })] })),
    )
    const { transport } = fakeTransport()
    renderWithClient(<ActivityRoute transport={transport} />)

    const inbox = await screen.findByRole('list', { name: 'Needs you' })
    const rows = within(inbox).getAllByRole('listitem')
    expect(rows).toHaveLength(2)
    expect(within(rows[0]).getByText('Failed')).toBeInTheDocument()
    expect(within(rows[0]).getByText('agent exited with code 1')).toBeInTheDocument()
    expect(within(rows[0]).getByRole('link', { name: /Token bucket/ })).toHaveAttribute('href', '/projects/p2/subtasks/s9')
    expect(within(rows[1]).getByRole('link', { name: /Rate limits/ })).toHaveAttribute('href', '/projects/p2/tasks/t9')

    const table = screen.getByRole('table', { name: 'Running and queued agents' })
    const runRows = within(table).getAllByRole('row').slice(1)
    expect(runRows).toHaveLength(2)
    expect(within(runRows[0]).getByText('Worker · running')).toBeInTheDocument()
    expect(within(runRows[0]).getByText('2 of 3')).toBeInTheDocument()
    expect(within(runRows[0]).getByText('(retry)')).toBeInTheDocument()
    expect(within(runRows[0]).getByText(/^1m 0[56]s$/)).toBeInTheDocument()
    expect(within(runRows[0]).getByText('12.3k')).toBeInTheDocument()
    expect(within(runRows[0]).getByRole('link', { name: /Live log/ })).toHaveAttribute('href', '/projects/p1?logs=s1')
    expect(within(runRows[1]).getByText('Planner · queued')).toBeInTheDocument()
    expect(within(runRows[1]).getByRole('link', { name: /Live log/ })).toHaveAttribute('href', '/projects/p2?logs=t9')
    expect(screen.getByRole('heading', { name: 'Needs you (2)' })).toBeInTheDocument()
  })

  it('follows the user-level stream and re-reads both lists when something changes', async () => {
    let runs: ActivityRun[] = [run({})]
    let items: NeedsYouItem[] = []
    server.use(
      http.get('/api/activity', () => HttpResponse.json({ runs })),
      http.get('/api/needs-you', () => HttpResponse.json({ items })),
    )
    const fake = fakeTransport()
    renderWithClient(<ActivityRoute transport={fake.transport} />)
    expect(await screen.findByText('Nothing needs you right now.')).toBeInTheDocument()
    expect(fake.last.url).toBe('/api/events')
    fake.last.send('connected', { connection_id: 'c1', user_id: 'u1', active_runs: [] }, 7)
    expect(await screen.findByText('Live')).toBeInTheDocument()

    // the worker fails for good in another project
    runs = []
    items = [item({})]
    fake.last.send('agent:failed', { run_id: 'r1', project_id: 'p1', agent_type: 'WORKER', task_id: 't1', subtask_id: 's1', attempt_number: 2, error_message: 'x', will_retry: false, next_attempt_at: null }, 8)
    expect(await screen.findByText('No agent is running or queued.')).toBeInTheDocument()
    await waitFor(() => expect(screen.getByRole('heading', { name: 'Needs you (1)' })).toBeInTheDocument())
  })
})
