import { useQuery } from '@tanstack/react-query'
import { act, screen, within } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { http, HttpResponse } from 'msw'
import { describe, expect, it, vi } from 'vitest'
import { projectKeys } from '@/lib/query-keys'
import { renderWithClient, testQueryClient } from '@/testing/render'
import { recordRequests, server } from '@/testing/server'
import type { Subtask, Task } from '@/types/api'
import { subtasksQuery } from '../api/get-tasks'
import { useStartAllReady } from '../api/task-mutations'
import { Board } from './board'
import type { SubtaskActions } from './subtask-card'

const task: Task = { id: 't1', project_id: 'p1', title: 'Due dates', description: 'd', status: 'ACTIVE', spec: null, error_message: null, autopilot: false, require_plan_approval: false, plan_approved_at: null, budget_usd: null, budget_tokens: null, budget_reached: false, cost_usd: null, token_usage: 0, created_at: 'c', updated_at: 'c' }
const sub = (key: string, over: Partial<Subtask> = {}): Subtask => ({
  id: key, task_id: 't1', key, title: `Work ${key}`, spec: '', implementation_plan: '', status: 'READY',
  blocked_reason: null, blocked_detail: null, depends_on: [], branch_name: null, pr_url: null, pr_number: null,
  retry_count: 0, token_usage: 0, cost_usd: null, position: 0, follow_up_reason: null, automatic_follow_ups: 0,
  merge_state: null, conflict_files: [], approved_at: null, checks: [], created_at: 'c', updated_at: new Date().toISOString(),
  ...over,
})
const board = [sub('s1', { position: 0 }), sub('s2', { position: 1 }), sub('s3', { status: 'BLOCKED', blocked_reason: 'DEPENDENCY', depends_on: ['s1'] })]

const actions = (): SubtaskActions => ({ onOpen: vi.fn(), onStart: vi.fn(), onMerge: vi.fn(), onMarkMerged: vi.fn(), onRetry: vi.fn(), onViewLogs: vi.fn(), isBusy: () => false })

/** The board as the route wires it: tasks and subtasks from the cache, Start all ready through the mutation. */
function LiveBoard() {
  const tasks = useQuery({ queryKey: projectKeys.tasks('p1'), queryFn: (): Task[] => [], staleTime: Infinity })
  const subtasks = useQuery({ ...subtasksQuery('p1', 't1'), staleTime: Infinity })
  const startAll = useStartAllReady('p1')
  return (
    <Board
      tasks={tasks.data ?? []}
      subtasks={subtasks.data ?? []}
      activeRuns={[]}
      actions={actions()}
      onMove={vi.fn()}
      onViewPlannerLogs={vi.fn()}
      onRetryPlanning={vi.fn()}
      onStartAllReady={(t) => startAll.mutate(t)}
      startingAllReadyTaskId={startAll.isPending ? startAll.variables?.id : null}
    />
  )
}

function setup(t: Task = task, subtasks: Subtask[] = board) {
  const client = testQueryClient()
  client.setQueryData(projectKeys.tasks('p1'), [t])
  client.setQueryData(projectKeys.subtasks('p1', 't1'), subtasks)
  renderWithClient(<LiveBoard />, client)
  return client
}

const startAll = () => screen.getByRole('button', { name: 'Start all ready subtasks of Due dates' })
const column = (name: string) => screen.getByRole('list', { name: `Due dates: ${name}` })

describe('Start all ready', () => {
  it('counts the ready subtasks, starts them with one request, and moves them from the answer', async () => {
    const user = userEvent.setup()
    const traffic = recordRequests()
    let release!: () => void
    server.use(
      http.post('/api/tasks/t1/start-ready', async () => {
        await new Promise<void>((r) => (release = r))
        return HttpResponse.json({ started: [sub('s1', { status: 'IN_PROGRESS', updated_at: 'now' }), sub('s2', { status: 'IN_PROGRESS', position: 1, updated_at: 'now' })] })
      }),
    )
    const client = setup()
    expect(startAll()).toHaveTextContent('Start all ready (2)')

    await user.click(startAll())
    await vi.waitFor(() => expect(traffic.count('POST /api/tasks/t1/start-ready')).toBe(1))
    expect(startAll()).toBeDisabled()

    await act(async () => release())
    await vi.waitFor(() => expect(within(column('In Progress')).getAllByRole('article').map((c) => c.dataset.subtask)).toEqual(['s1', 's2']))
    expect(screen.queryByRole('button', { name: /^Start all ready/ })).toBeNull()
    expect(client.getQueryData<Subtask[]>(projectKeys.subtasks('p1', 't1'))?.map((s) => s.status)).toEqual(['IN_PROGRESS', 'IN_PROGRESS', 'BLOCKED'])
    expect(traffic.count('GET /api/tasks/t1/subtasks'), 'the answer was enough').toBe(0)
  })

  it('says (1) for one ready subtask', () => {
    setup(task, [sub('s1'), sub('s2', { status: 'MERGED' })])
    expect(startAll()).toHaveTextContent('Start all ready (1)')
  })

  it('is not offered while the autopilot is on: it starts them itself', () => {
    setup({ ...task, autopilot: true })
    expect(screen.getByRole('list', { name: 'Due dates: Ready' })).toBeInTheDocument()
    expect(screen.queryByRole('button', { name: /^Start all ready/ })).toBeNull()
  })

  it('is not offered when nothing is ready', () => {
    setup(task, [sub('s1', { status: 'IN_PROGRESS' }), sub('s2', { status: 'COMPLETED' })])
    expect(screen.queryByRole('button', { name: /^Start all ready/ })).toBeNull()
  })

  it('an empty answer (they were started elsewhere meanwhile) reads the subtasks again', async () => {
    const user = userEvent.setup()
    server.use(
      http.post('/api/tasks/t1/start-ready', () => HttpResponse.json({ started: [] })),
      http.get('/api/tasks/t1/subtasks', () => HttpResponse.json(board.map((s) => (s.status === 'READY' ? { ...s, status: 'IN_PROGRESS' } : s)))),
    )
    setup()
    await user.click(startAll())
    await vi.waitFor(() => expect(within(column('In Progress')).getAllByRole('article')).toHaveLength(2))
    expect(screen.queryByRole('button', { name: /^Start all ready/ })).toBeNull()
  })
})
