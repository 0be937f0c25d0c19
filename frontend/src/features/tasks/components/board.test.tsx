import { QueryClientProvider } from '@tanstack/react-query'
import { act, render, renderHook, screen, within } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { http, HttpResponse } from 'msw'
import type { ReactNode } from 'react'
import { MemoryRouter } from 'react-router'
import { describe, expect, it, vi } from 'vitest'
import { projectKeys } from '@/lib/query-keys'
import { testQueryClient } from '@/testing/render'
import { apiError, server } from '@/testing/server'
import type { Subtask, Task } from '@/types/api'
import { reorder, useMoveSubtask, useSubtaskAction } from '../api/subtask-mutations'
import { Board } from './board'
import { dependencyHint } from './board-columns'
import type { SubtaskActions } from './subtask-card'

const task: Task = { id: 't1', project_id: 'p1', title: 'Due dates', description: 'd', status: 'ACTIVE', spec: null, error_message: null, autopilot: false, require_plan_approval: false, plan_approved_at: null, budget_usd: null, budget_tokens: null, budget_reached: false, cost_usd: null, token_usage: 0, created_at: 'c', updated_at: 'c' }
const sub = (key: string, over: Partial<Subtask> = {}): Subtask => ({
  id: key,
  task_id: 't1',
  key,
  title: `Work ${key}`,
  spec: '',
  implementation_plan: '',
  status: 'READY',
  blocked_reason: null, blocked_detail: null,
  depends_on: [],
  branch_name: null,
  pr_url: null,
  pr_number: null,
  retry_count: 0,
  token_usage: 0, cost_usd: null,
  position: 0,
  follow_up_reason: null,
  automatic_follow_ups: 0,
  merge_state: null,
  conflict_files: [], approved_at: null, checks: [],
  created_at: 'c',
  updated_at: new Date().toISOString(),
  ...over,
})

const subtasks = [
  sub('s1', { status: 'READY', position: 0 }),
  sub('s2', { status: 'READY', position: 1 }),
  sub('s3', { status: 'IN_PROGRESS' }),
  sub('s4', { status: 'COMPLETED', pr_url: '/projects/p1/subtasks/s4', pr_number: 4, merge_state: 'clean' }),
  sub('s5', { status: 'BLOCKED', blocked_reason: 'DEPENDENCY', depends_on: ['s1', 's4'] }),
  sub('s6', { status: 'BLOCKED', blocked_reason: 'FAILURE', retry_count: 9 }),
  sub('s7', { status: 'MERGED' }),
  sub('s8', { status: 'PENDING' }),
  sub('s9', { status: 'COMPLETED', pr_url: '/projects/p1/subtasks/s9', pr_number: 9, merge_state: 'conflicted', conflict_files: ['README.md', 'a.txt'] }),
]

function actions(): SubtaskActions {
  return { onOpen: vi.fn(), onStart: vi.fn(), onMerge: vi.fn(), onMarkMerged: vi.fn(), onRetry: vi.fn(), onViewLogs: vi.fn(), isBusy: () => false, defaultBranch: 'main' }
}

function renderBoard(a = actions(), onMove = vi.fn()) {
  render(
    <MemoryRouter>
      <Board tasks={[task]} subtasks={subtasks} activeRuns={[]} actions={a} onMove={onMove} onViewPlannerLogs={vi.fn()} onRetryPlanning={vi.fn()} />
    </MemoryRouter>,
  )
  return { a, onMove }
}

const column = (name: string) => screen.getByRole('list', { name: `Due dates: ${name}` })
const card = (key: string) => screen.getByRole('article', { name: new RegExp(`^${key} `) })

describe('Board', () => {
  it('puts each subtask in its status column and hides PENDING', () => {
    renderBoard()
    expect(within(column('Ready')).getAllByRole('article').map((c) => c.dataset.subtask)).toEqual(['s1', 's2'])
    expect(within(column('In Progress')).getAllByRole('article').map((c) => c.dataset.subtask)).toEqual(['s3'])
    expect(within(column('Completed')).getAllByRole('article').map((c) => c.dataset.subtask)).toEqual(['s4', 's9'])
    expect(within(column('Merged')).getAllByRole('article').map((c) => c.dataset.subtask)).toEqual(['s7'])
    expect(within(column('Waiting')).getAllByRole('article').map((c) => c.dataset.subtask)).toEqual(['s5'])
    expect(within(column('Needs you')).getAllByRole('article').map((c) => c.dataset.subtask)).toEqual(['s6'])
    expect(screen.queryByRole('article', { name: /^s8 / })).toBeNull()
  })

  it('offers the action each status allows', async () => {
    const user = userEvent.setup()
    const { a } = renderBoard()
    await user.click(within(card('s1')).getByRole('button', { name: 'Start s1' }))
    expect(a.onStart).toHaveBeenCalledWith(expect.objectContaining({ id: 's1' }))
    expect(within(card('s3')).getByRole('status', { name: 's3 running' })).toBeInTheDocument()
    await user.click(within(card('s3')).getByRole('button', { name: 'View logs of s3' }))
    expect(a.onViewLogs).toHaveBeenCalledWith(expect.objectContaining({ id: 's3' }))
    expect(within(card('s4')).getByRole('link', { name: /PR #4/ })).toHaveAttribute('href', '/projects/p1/subtasks/s4')
    await user.click(within(card('s4')).getByRole('button', { name: 'Mark s4 merged' }))
    expect(a.onMarkMerged).toHaveBeenCalledWith(expect.objectContaining({ id: 's4' }))
    await user.click(within(card('s4')).getByRole('button', { name: 'Merge s4' }))
    expect(a.onMerge).toHaveBeenCalledWith(expect.objectContaining({ id: 's4' }))
    expect(card('s9')).toHaveTextContent('conflicts with main in 2 files')
    const conflicted = within(card('s9')).getByRole('button', { name: 'Merge s9' })
    expect(conflicted).toBeDisabled()
    expect(conflicted).toHaveAttribute('title', 'Conflicts with main in 2 files: README.md, a.txt')
    await user.click(within(card('s6')).getByRole('button', { name: 'Retry s6' }))
    expect(a.onRetry).toHaveBeenCalledWith(expect.objectContaining({ id: 's6' }))
    expect(within(card('s6')).getByRole('button', { name: 'View logs of s6' })).toBeInTheDocument()
    expect(within(card('s5')).queryAllByRole('button', { name: /start|retry/i })).toEqual([])
    expect(card('s5')).toHaveTextContent('waits for s1, s4')
    expect(card('s1')).toHaveTextContent('unblocks 1')
    await user.click(within(card('s2')).getByRole('button', { name: 'Work s2' }))
    expect(a.onOpen).toHaveBeenCalledWith(expect.objectContaining({ id: 's2' }))
  })

  it('an unchanged task group keeps its cards while the page passes new callbacks and busy states; the newest are used', async () => {
    const user = userEvent.setup()
    const first = actions()
    const board = (a: SubtaskActions) => (
      <MemoryRouter>
        <Board tasks={[task]} subtasks={subtasks} activeRuns={[]} actions={a} onMove={vi.fn()} onViewPlannerLogs={vi.fn()} onRetryPlanning={vi.fn()} />
      </MemoryRouter>
    )
    const { rerender } = render(board(first))
    const before = card('s1')
    const second = { ...actions(), isBusy: (s: Subtask) => s.id === 's2' }
    rerender(board(second))
    expect(card('s1')).toBe(before)
    expect(within(card('s2')).getByRole('button', { name: 'Start s2' })).toBeDisabled()
    await user.click(within(card('s1')).getByRole('button', { name: 'Start s1' }))
    expect(first.onStart).not.toHaveBeenCalled()
    expect(second.onStart).toHaveBeenCalledWith(expect.objectContaining({ id: 's1' }))
  })

  it('a pull request closed on GitHub without merging needs the user: the reason and Retry', async () => {
    const user = userEvent.setup()
    const a = actions()
    const reason = 'pull request #12 was closed without merging on GitHub'
    const closed = sub('s1', { status: 'BLOCKED', blocked_reason: 'PR_CLOSED', blocked_detail: reason, pr_number: 12 })
    render(
      <MemoryRouter>
        <Board tasks={[task]} subtasks={[closed]} activeRuns={[]} actions={a} onMove={vi.fn()} onViewPlannerLogs={vi.fn()} onRetryPlanning={vi.fn()} />
      </MemoryRouter>,
    )
    expect(within(column('Needs you')).getByRole('article')).toBe(card('s1'))
    expect(card('s1')).toHaveTextContent('PR closed')
    expect(card('s1')).toHaveTextContent(reason)
    await user.click(within(card('s1')).getByRole('button', { name: 'Retry s1' }))
    expect(a.onRetry).toHaveBeenCalledWith(expect.objectContaining({ id: 's1' }))
  })

  it('collapses a task group', async () => {
    const user = userEvent.setup()
    renderBoard()
    await user.click(screen.getByRole('button', { name: 'Collapse Due dates' }))
    expect(screen.queryByRole('article')).toBeNull()
    expect(screen.getByRole('button', { name: 'Expand Due dates' })).toHaveAttribute('aria-expanded', 'false')
  })

  it('reorders with the keyboard: space, arrow down, space moves s1 below s2', async () => {
    const user = userEvent.setup()
    // dnd-kit measures cards; give each a box by its order in its column
    vi.spyOn(HTMLElement.prototype, 'getBoundingClientRect').mockImplementation(function (this: HTMLElement) {
      const li = this.closest('li')
      const index = li ? [...li.parentElement!.children].indexOf(li) : 0
      const top = index * 60
      return { x: 0, y: top, top, left: 0, width: 200, height: 50, bottom: top + 50, right: 200, toJSON() {} }
    })
    const { onMove } = renderBoard()
    const grip = screen.getByRole('button', { name: 'Reorder s1' })
    grip.focus()
    await user.keyboard(' ')
    await user.keyboard('{ArrowDown}')
    await user.keyboard(' ')
    expect(onMove).toHaveBeenCalledWith(expect.objectContaining({ id: 's1' }), 1)
  })
})

describe('dependencyHint', () => {
  it('says what a blocked subtask waits for and how many a subtask unblocks', () => {
    expect(dependencyHint(subtasks[4], subtasks)).toBe('waits for s1, s4')
    expect(dependencyHint(subtasks[3], subtasks)).toBe('unblocks 1')
    expect(dependencyHint(subtasks[6], subtasks)).toBeNull()
  })
})

describe('board mutations', () => {
  const wrapperFor = (client = testQueryClient()) =>
    function W({ children }: { children: ReactNode }) {
      return <QueryClientProvider client={client}>{children}</QueryClientProvider>
    }

  it('Start replaces the subtask with the server’s answer', async () => {
    const client = testQueryClient()
    client.setQueryData(projectKeys.subtasks('p1', 't1'), subtasks)
    server.use(http.post('/api/subtasks/s1/start', () => HttpResponse.json({ ...subtasks[0], status: 'IN_PROGRESS', current_run: null })))
    const { result } = renderHook(() => useSubtaskAction('p1', 'start'), { wrapper: wrapperFor(client) })
    await act(async () => {
      await result.current.mutateAsync(subtasks[0])
    })
    const s1 = client.getQueryData<Subtask[]>(projectKeys.subtasks('p1', 't1'))![0]
    expect(s1.status).toBe('IN_PROGRESS')
    expect(s1).not.toHaveProperty('current_run')
  })

  it('drag reorder is optimistic and rolls back when the server refuses', async () => {
    const client = testQueryClient()
    const key = projectKeys.subtasks('p1', 't1')
    client.setQueryData(key, subtasks)
    let release!: (r: Response) => void
    server.use(http.patch('/api/subtasks/s1/position', () => new Promise<Response>((r) => (release = r))))
    const { result } = renderHook(() => useMoveSubtask('p1'), { wrapper: wrapperFor(client) })
    let done!: Promise<unknown>
    act(() => {
      done = result.current.mutateAsync({ subtask: subtasks[0], position: 1 }).catch(() => 'refused')
    })
    await vi.waitFor(() => {
      const ready = client.getQueryData<Subtask[]>(key)!.filter((s) => s.status === 'READY').sort((a, b) => a.position - b.position)
      expect(ready.map((s) => s.key)).toEqual(['s2', 's1']) // at once, before the server answers
    })
    await act(async () => {
      release(apiError(409, 'CONFLICT', 'moved meanwhile'))
      expect(await done).toBe('refused')
    })
    const ready = client.getQueryData<Subtask[]>(key)!.filter((s) => s.status === 'READY').sort((a, b) => a.position - b.position)
    expect(ready.map((s) => s.key)).toEqual(['s1', 's2'])
  })

  it('reorder renumbers only the moved subtask’s column', () => {
    const moved = reorder(subtasks, 's2', 0)
    expect(moved.find((s) => s.id === 's2')!.position).toBe(0)
    expect(moved.find((s) => s.id === 's1')!.position).toBe(1)
    expect(moved.find((s) => s.id === 's3')).toBe(subtasks[2])
  })
})
