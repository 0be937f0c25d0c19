import { QueryClientProvider } from '@tanstack/react-query'
import { render, screen, within } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { http, HttpResponse } from 'msw'
import { MemoryRouter, Route, Routes } from 'react-router'
import { describe, expect, it } from 'vitest'
import { testQueryClient } from '@/testing/render'
import { server } from '@/testing/server'
import type { Project, Subtask, Task, User } from '@/types/api'
import { AppShell } from '../app-shell'
import { BoardRoute } from './board'

const local: User = { id: '00000000-0000-0000-0000-000000000001', github_username: 'local', avatar_url: null, created_at: 'c' }
const project = { id: 'p1', name: 'shop', default_branch: 'main', autopilot_default: false, check_command: null, max_follow_ups: 3 } as unknown as Project
const task = (id: string, title: string): Task => ({ id, project_id: 'p1', title, description: 'd', status: 'ACTIVE', spec: null, error_message: null, autopilot: false, require_plan_approval: false, plan_approved_at: null, budget_usd: null, budget_tokens: null, budget_reached: false, cost_usd: null, token_usage: 0, created_at: 'c', updated_at: 'c' })
const sub = (taskId: string, key: string, status: Subtask['status'], position = 0): Subtask => ({
  id: `${taskId}-${key}`,
  task_id: taskId,
  key,
  title: `Work ${taskId} ${key}`,
  spec: 'The spec',
  implementation_plan: 'The plan',
  status,
  blocked_reason: null,
  blocked_detail: null,
  depends_on: [],
  branch_name: null,
  pr_url: null,
  pr_number: null,
  retry_count: 0,
  token_usage: 0, cost_usd: null,
  position,
  follow_up_reason: null,
  automatic_follow_ups: 0,
  merge_state: null,
  conflict_files: [],
  approved_at: null,
  checks: [],
  created_at: 'c',
  updated_at: 'c',
})

/** A live event stream that says `connected` and stays open. */
function liveStream() {
  const body = new ReadableStream<Uint8Array>({
    start(controller) {
      controller.enqueue(new TextEncoder().encode('event: connected\nid: 1\ndata: {"connection_id":"c1","project_id":"p1","active_runs":[]}\n\n'))
    },
  })
  return new HttpResponse(body, { headers: { 'Content-Type': 'text/event-stream' } })
}

/** The shell around the board of p1: two tasks, each with cards in two columns. */
function renderBoard() {
  server.use(
    http.get('/api/auth/me', () => HttpResponse.json(local)),
    http.get('/api/projects/p1', () => HttpResponse.json(project)),
    http.get('/api/projects/p1/tasks', () => HttpResponse.json([task('t1', 'Due dates'), task('t2', 'Tags')])),
    http.get('/api/tasks/t1/subtasks', () => HttpResponse.json([sub('t1', 's1', 'READY', 0), sub('t1', 's2', 'READY', 1), sub('t1', 's3', 'MERGED')])),
    http.get('/api/tasks/t2/subtasks', () => HttpResponse.json([sub('t2', 's1', 'READY')])),
    http.get('/api/projects/p1/active-runs', () => HttpResponse.json({ runs: [] })),
    http.get('/api/projects/p1/events', () => liveStream()),
    http.get('/api/subtasks/:id/runs', () => HttpResponse.json([])),
  )
  render(
    <QueryClientProvider client={testQueryClient()}>
      <MemoryRouter initialEntries={['/projects/p1']}>
        <Routes>
          <Route element={<AppShell />}>
            <Route path="projects/:projectId" element={<BoardRoute />} />
            <Route path="projects/:projectId/subtasks/:subtaskId" element={<BoardRoute />} />
          </Route>
        </Routes>
      </MemoryRouter>
    </QueryClientProvider>,
  )
}

const focusedCard = () => (document.activeElement as HTMLElement).dataset.subtaskId

describe('board keyboard shortcuts', () => {
  it('? opens the shortcuts help, and so does the header button', async () => {
    const user = userEvent.setup()
    renderBoard()
    await screen.findByRole('article', { name: 's1 Work t1 s1' })
    await user.keyboard('?')
    const help = await screen.findByRole('dialog', { name: 'Keyboard shortcuts' })
    expect(within(help).getByText('New task')).toBeInTheDocument()
    expect(within(help).getByText('Focus the task filter')).toBeInTheDocument()
    await user.keyboard('n') // the board takes no keys behind a dialog
    expect(screen.queryByRole('dialog', { name: 'New task' })).toBeNull()
    await user.keyboard('{Escape}')
    expect(screen.queryByRole('dialog')).toBeNull()

    await user.click(within(screen.getByRole('banner')).getByRole('button', { name: 'Keyboard shortcuts' }))
    expect(await screen.findByRole('dialog', { name: 'Keyboard shortcuts' })).toBeInTheDocument()
  })

  it('n opens the New task dialog, with its title focused; n typed there is text', async () => {
    const user = userEvent.setup()
    renderBoard()
    await screen.findByRole('article', { name: 's1 Work t1 s1' })
    await user.keyboard('n')
    const dialog = await screen.findByRole('dialog', { name: 'New task' })
    const title = within(dialog).getByLabelText('Title')
    expect(title).toHaveFocus()
    await user.keyboard('new')
    expect(title).toHaveValue('new')
    await user.keyboard('{Escape}')
    expect(screen.queryByRole('dialog')).toBeNull()
    // and again: the dialog opens each time
    await user.keyboard('n')
    expect(await screen.findByRole('dialog', { name: 'New task' })).toBeInTheDocument()
  })

  it('/ focuses the task filter', async () => {
    const user = userEvent.setup()
    renderBoard()
    await screen.findByRole('article', { name: 's1 Work t1 s1' })
    await user.keyboard('/')
    expect(screen.getByRole('combobox', { name: 'Show task' })).toHaveFocus()
  })

  it('j/k and the arrow keys move between the cards in board order; Enter and o open the focused one', async () => {
    const user = userEvent.setup()
    renderBoard()
    await screen.findByRole('article', { name: 's1 Work t2 s1' })
    // board order: task by task, column by column (Ready, …, Merged), top to bottom
    await user.keyboard('j')
    expect(focusedCard()).toBe('t1-s1')
    await user.keyboard('j')
    expect(focusedCard()).toBe('t1-s2')
    await user.keyboard('{ArrowDown}')
    expect(focusedCard()).toBe('t1-s3')
    await user.keyboard('j')
    expect(focusedCard()).toBe('t2-s1')
    await user.keyboard('j') // the last card stays focused
    expect(focusedCard()).toBe('t2-s1')
    await user.keyboard('k')
    await user.keyboard('{ArrowUp}')
    expect(focusedCard()).toBe('t1-s2')

    await user.keyboard('{Enter}')
    const sheet = await screen.findByRole('dialog', { name: 's2 · Work t1 s2' })
    expect(within(sheet).getByText('The plan')).toBeInTheDocument()
    await user.keyboard('j') // behind the sheet the board takes no keys
    expect(sheet).toContainElement(document.activeElement as HTMLElement)
    await user.keyboard('{Escape}')
    expect(screen.queryByRole('dialog')).toBeNull()

    await user.keyboard('k')
    expect(focusedCard()).toBe('t1-s1')
    await user.keyboard('o')
    expect(await screen.findByRole('dialog', { name: 's1 · Work t1 s1' })).toBeInTheDocument()
  })

  it('Enter on a button inside a card is the button’s, and shortcuts ignore modifier keys', async () => {
    const user = userEvent.setup()
    renderBoard()
    await screen.findByRole('article', { name: 's1 Work t1 s1' })
    await user.keyboard('{Control>}j{/Control}')
    await user.keyboard('{Alt>}n{/Alt}')
    expect(focusedCard()).toBeUndefined()
    expect(screen.queryByRole('dialog')).toBeNull()
    // from a card's title button, j moves on to the next card, and Enter there opens it as a click does
    const titleButton = screen.getByRole('button', { name: 'Work t1 s1' })
    titleButton.focus()
    await user.keyboard('j')
    expect(focusedCard()).toBe('t1-s2')
    screen.getByRole('button', { name: 'Work t1 s1' }).focus()
    await user.keyboard('{Enter}')
    expect(await screen.findByRole('dialog', { name: 's1 · Work t1 s1' })).toBeInTheDocument()
  })
})
