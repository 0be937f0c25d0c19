import { QueryClientProvider } from '@tanstack/react-query'
import { fireEvent, render, screen, within } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { http, HttpResponse } from 'msw'
import { MemoryRouter, Route, Routes } from 'react-router'
import { beforeAll, describe, expect, it } from 'vitest'
import { stubReactFlowDom } from '@/testing/react-flow'
import { testQueryClient } from '@/testing/render'
import { server } from '@/testing/server'
import type { Project, Subtask, Task } from '@/types/api'
import { BoardRoute } from './board'

const project = { id: 'p1', name: 'shop', repo_url: '/r/shop', forge: 'local', default_branch: 'main', autopilot_default: true, check_command: null, max_follow_ups: 3 } as unknown as Project
const task = (id: string, title: string): Task => ({ id, project_id: 'p1', title, description: 'd', status: 'ACTIVE', spec: null, error_message: null, autopilot: false, require_plan_approval: false, plan_approved_at: null, budget_usd: null, budget_tokens: null, budget_reached: false, cost_usd: null, token_usage: 0, created_at: 'c', updated_at: 'c' })
const sub = (taskId: string, key: string, tokens: number): Subtask => ({
  id: `${taskId}-${key}`, task_id: taskId, key, title: `Work ${key}`, spec: '', implementation_plan: '', status: 'IN_PROGRESS',
  blocked_reason: null, blocked_detail: null, depends_on: [], branch_name: null, pr_url: null, pr_number: null,
  retry_count: 0, token_usage: tokens, cost_usd: null, position: 0, follow_up_reason: null, automatic_follow_ups: 0,
  merge_state: null, conflict_files: [], approved_at: null, checks: [], created_at: 'c', updated_at: new Date().toISOString(),
})

/** The project's event stream: `connected`, then open until the board goes away. */
function liveStream() {
  const body = new ReadableStream<Uint8Array>({
    start(controller) {
      controller.enqueue(new TextEncoder().encode('event: connected\ndata: {"connection_id":"c1","project_id":"p1","active_runs":[]}\n\n'))
    },
  })
  return new HttpResponse(body, { headers: { 'Content-Type': 'text/event-stream' } })
}

function serve(tasks: Task[], subtasks: Record<string, Subtask[]> = {}) {
  server.use(
    http.get('/api/projects/p1', () => HttpResponse.json(project)),
    http.get('/api/projects/p1/tasks', () => HttpResponse.json(tasks)),
    http.get('/api/projects/p1/active-runs', () => HttpResponse.json({ runs: [] })),
    http.get('/api/projects/p1/events', liveStream),
    http.get('/api/tasks/:id/subtasks', ({ params }) => HttpResponse.json(subtasks[params.id as string] ?? [])),
  )
}

function renderBoard() {
  render(
    <QueryClientProvider client={testQueryClient()}>
      <MemoryRouter initialEntries={['/projects/p1']}>
        <Routes>
          <Route path="/projects/:projectId" element={<BoardRoute />} />
          <Route path="/projects/:projectId/subtasks/:subtaskId" element={<BoardRoute />} />
          <Route path="/projects/:projectId/tasks/:taskId" element={<BoardRoute />} />
        </Routes>
      </MemoryRouter>
    </QueryClientProvider>,
  )
}

describe('the project board', () => {
  it('with no tasks offers “Create the first task”, which opens the New task dialog', async () => {
    const user = userEvent.setup()
    serve([])
    renderBoard()

    await user.click(await screen.findByRole('button', { name: 'Create the first task' }))

    const dialog = screen.getByRole('dialog', { name: 'New task' })
    expect(within(dialog).getByLabelText('Title')).toHaveFocus()
    expect(within(dialog).getByRole('switch', { name: 'Autopilot' }), 'the project’s default').toHaveAttribute('aria-checked', 'true')
    await user.click(within(dialog).getByRole('button', { name: 'Cancel' }))
    expect(screen.queryByRole('dialog')).toBeNull()
    // the header's button opens the same dialog
    await user.click(screen.getByRole('button', { name: 'New task' }))
    expect(screen.getByRole('dialog', { name: 'New task' })).toBeInTheDocument()
  })

  it('a project with tasks has no such prompt, and its header bar sums every task’s tokens, whichever is shown', async () => {
    const user = userEvent.setup()
    serve([task('t1', 'Add `--json`'), task('t2', 'Dates')], { t1: [sub('t1', 's1', 40_000), sub('t1', 's2', 5_600)], t2: [sub('t2', 's1', 2_000)] })
    renderBoard()

    const total = await screen.findByText('Σ 47.6k tokens')
    expect(total).toHaveAttribute('title', expect.stringContaining('tokens used by the agents of this project’s tasks'))
    expect(screen.queryByRole('button', { name: 'Create the first task' })).toBeNull()
    expect(screen.getByRole('region', { name: 'Add --json' })).toHaveTextContent('Σ 45.6k tokens')

    const filter = screen.getByLabelText('Show task')
    expect(within(filter).getByRole('option', { name: 'Add --json' })).toBeInTheDocument()
    await user.selectOptions(filter, 't2')
    expect(screen.queryByRole('region', { name: 'Add --json' })).toBeNull()
    expect(screen.getByText('Σ 47.6k tokens')).toBeInTheDocument()
  })
})

describe('a task’s plan', () => {
  beforeAll(stubReactFlowDom)

  it('the header’s Plan button opens it with the description and the graph; a node opens its subtask', async () => {
    const user = userEvent.setup()
    const dates = { ...task('t2', 'Dates'), description: 'Show **dates**', spec: 'ISO 8601 everywhere' }
    serve([task('t1', 'Add `--json`'), dates], { t1: [sub('t1', 's1', 0)], t2: [sub('t2', 's1', 0), { ...sub('t2', 's2', 0), status: 'BLOCKED', blocked_reason: 'DEPENDENCY', depends_on: ['t2-s1'] }] })
    server.use(http.get('/api/subtasks/:id/runs', () => HttpResponse.json([])))
    renderBoard()

    await user.click(await screen.findByRole('button', { name: 'Plan of Dates' }))
    const plan = screen.getByRole('dialog', { name: 'Plan · Dates' })
    expect(within(plan).getByText('dates').tagName).toBe('STRONG')
    expect(within(plan).getByText('ISO 8601 everywhere')).toBeInTheDocument()
    await within(plan).findByRole('group', { name: 's1 Work s1, In Progress' })
    fireEvent.click(within(plan).getByText('Work s2'))

    expect(await screen.findByRole('dialog', { name: 's2 · Work s2' })).toBeInTheDocument()
    expect(screen.queryByRole('dialog', { name: 'Plan · Dates' })).toBeNull()
  })

  it('the detail view acts as the card does: Retry on a failed subtask, Start on a ready one', async () => {
    const user = userEvent.setup()
    const failed: Subtask = { ...sub('t1', 's1', 0), status: 'BLOCKED', blocked_reason: 'FAILURE', retry_count: 3 }
    const ready: Subtask = { ...sub('t1', 's2', 0), status: 'READY' }
    serve([task('t1', 'Dates')], { t1: [failed, ready] })
    const posted: string[] = []
    server.use(
      http.get('/api/subtasks/:id/runs', () => HttpResponse.json([])),
      http.get('/api/subtasks/:id/diff', () => HttpResponse.json({ files: [], truncated: false })),
      http.post('/api/subtasks/:id/:action', ({ params }) => {
        posted.push(`${params.action} ${params.id}`)
        const base = params.id === failed.id ? failed : ready
        return HttpResponse.json({ ...base, status: 'IN_PROGRESS', blocked_reason: null })
      }),
    )
    renderBoard()

    await user.click(await screen.findByRole('button', { name: 'Work s1' }))
    const sheet = await screen.findByRole('dialog', { name: 's1 · Work s1' })
    await user.click(within(sheet).getByRole('button', { name: 'Retry s1' }))
    expect(posted).toContain('retry t1-s1')
    await user.keyboard('{Escape}')

    await user.click(await screen.findByRole('button', { name: 'Work s2' }))
    const second = await screen.findByRole('dialog', { name: 's2 · Work s2' })
    await user.click(within(second).getByRole('button', { name: 'Start s2' }))
    expect(posted).toContain('start t1-s2')
  })
})
