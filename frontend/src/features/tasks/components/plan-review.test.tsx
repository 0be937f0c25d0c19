import { screen, within } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { http, HttpResponse } from 'msw'
import { beforeAll, describe, expect, it, vi } from 'vitest'
import { applyEventToCache } from '@/lib/events/cache-patches'
import { projectKeys } from '@/lib/query-keys'
import { stubReactFlowDom } from '@/testing/react-flow'
import { renderWithClient, testQueryClient } from '@/testing/render'
import { apiError, server } from '@/testing/server'
import type { Subtask, Task } from '@/types/api'
import { CreateTaskDialog } from './create-task-dialog'
import { SubtaskCard, type SubtaskActions } from './subtask-card'
import { TaskHeader } from './task-header'
import { TaskPlanSheet } from './task-plan-sheet'

const task: Task = {
  id: 't1', project_id: 'p1', title: 'Add export', description: 'Export the board.', status: 'ACTIVE', spec: 'Spec',
  error_message: null, autopilot: false, require_plan_approval: true, plan_approved_at: null, budget_usd: null, budget_tokens: null, budget_reached: false, cost_usd: null, token_usage: 0, created_at: 'c', updated_at: 'c',
}
const sub = (key: string, over: Partial<Subtask> = {}): Subtask => ({
  id: key, task_id: 't1', key, title: `Work ${key}`, spec: `Spec ${key}`, implementation_plan: '', status: 'READY',
  blocked_reason: null, blocked_detail: null, depends_on: [], branch_name: null, pr_url: null, pr_number: null,
  retry_count: 0, token_usage: 0, cost_usd: null, position: 0, follow_up_reason: null, automatic_follow_ups: 0,
  merge_state: null, conflict_files: [], approved_at: null, checks: [], created_at: 'c', updated_at: 'c',
  ...over,
})
const plan = () => [sub('s1'), sub('s2', { position: 1, status: 'BLOCKED', blocked_reason: 'DEPENDENCY', depends_on: ['s1'] }), sub('s3', { position: 2 })]

beforeAll(stubReactFlowDom)

function renderSheet(over: Partial<Task> = {}) {
  const qc = testQueryClient()
  qc.setDefaultOptions({ queries: { ...qc.getDefaultOptions().queries, staleTime: Infinity } })
  qc.setQueryData(projectKeys.subtasks('p1', 't1'), plan())
  qc.setQueryData(projectKeys.tasks('p1'), [{ ...task, ...over }])
  renderWithClient(<TaskPlanSheet projectId="p1" task={{ ...task, ...over }} open onClose={vi.fn()} onViewPlannerLogs={vi.fn()} onOpenSubtask={vi.fn()} />, qc)
  return qc
}

describe('the plan under review', () => {
  it('says the plan awaits approval, and Approve plan approves it', async () => {
    const approved = { ...task, plan_approved_at: '2026-01-01T00:00:00Z' }
    const calls: string[] = []
    server.use(
      http.post('/api/tasks/t1/approve-plan', () => {
        calls.push('approve')
        return HttpResponse.json(approved)
      }),
    )
    const qc = renderSheet()
    const banner = screen.getByRole('region', { name: 'Plan approval' })
    expect(within(banner).getByRole('heading', { name: 'Plan awaits your approval' })).toBeInTheDocument()
    await userEvent.setup().click(within(banner).getByRole('button', { name: 'Approve plan' }))
    await vi.waitFor(() => expect(calls).toEqual(['approve']))
    await vi.waitFor(() => expect(qc.getQueryData<Task[]>(projectKeys.tasks('p1'))?.[0].plan_approved_at).toBe('2026-01-01T00:00:00Z'))
  })

  it('no banner and no editing once approved, or for a task without review', () => {
    renderSheet({ plan_approved_at: 'a' })
    expect(screen.queryByRole('region', { name: 'Plan approval' })).not.toBeInTheDocument()
    expect(screen.queryByRole('button', { name: 'Edit s1' })).not.toBeInTheDocument()
    expect(screen.queryByRole('button', { name: 'Add subtask' })).not.toBeInTheDocument()
  })

  it('edits a subtask: title, spec and dependencies, sent as one PATCH', async () => {
    const user = userEvent.setup()
    const patched: unknown[] = []
    server.use(
      http.patch('/api/subtasks/s3', async ({ request }) => {
        const body = (await request.json()) as Partial<Subtask>
        patched.push(body)
        return HttpResponse.json(sub('s3', { ...body, position: 2, status: 'BLOCKED', blocked_reason: 'DEPENDENCY' }))
      }),
      http.get('/api/tasks/t1/subtasks', () => HttpResponse.json(plan())),
    )
    renderSheet()
    await user.click(screen.getByRole('button', { name: 'Edit s3' }))
    const form = screen.getByRole('dialog', { name: 'Edit subtask s3' })
    expect(within(form).getByLabelText('Title')).toHaveValue('Work s3')
    await user.clear(within(form).getByLabelText('Title'))
    await user.click(within(form).getByRole('button', { name: 'Save subtask' }))
    expect(within(form).getByText('Title is required')).toBeInTheDocument()
    expect(patched).toEqual([])

    await user.type(within(form).getByLabelText('Title'), 'Export as CSV')
    const deps = within(form).getByRole('group', { name: 'Depends on' })
    expect(within(deps).queryByRole('checkbox', { name: /s3/ })).not.toBeInTheDocument()
    await user.click(within(deps).getByRole('checkbox', { name: 's2 Work s2' }))
    await user.click(within(deps).getByRole('checkbox', { name: 's1 Work s1' }))
    await user.click(within(form).getByRole('button', { name: 'Save subtask' }))
    await vi.waitFor(() => expect(screen.queryByRole('dialog', { name: 'Edit subtask s3' })).not.toBeInTheDocument())
    // in board order, whatever order they were ticked in
    expect(patched).toEqual([{ title: 'Export as CSV', spec: 'Spec s3', implementation_plan: '', depends_on: ['s1', 's2'] }])
  })

  it('shows the server’s refusal (a cycle) in the form', async () => {
    const user = userEvent.setup()
    server.use(http.patch('/api/subtasks/s1', () => apiError(400, 'INVALID_REQUEST', 'depends_on: dependency cycle s1 -> s2 -> s1')))
    renderSheet()
    await user.click(screen.getByRole('button', { name: 'Edit s1' }))
    const form = screen.getByRole('dialog', { name: 'Edit subtask s1' })
    await user.click(within(form).getByRole('checkbox', { name: 's2 Work s2' }))
    await user.click(within(form).getByRole('button', { name: 'Save subtask' }))
    expect(await within(form).findByRole('alert')).toHaveTextContent('dependency cycle s1 -> s2 -> s1')
  })

  it('adds a subtask with a dependency', async () => {
    const user = userEvent.setup()
    const posted: unknown[] = []
    server.use(
      http.post('/api/tasks/t1/subtasks', async ({ request }) => {
        const body = (await request.json()) as Partial<Subtask>
        posted.push(body)
        return HttpResponse.json(sub('s4', { ...body, position: 3, status: 'BLOCKED', blocked_reason: 'DEPENDENCY' }), { status: 201 })
      }),
    )
    const qc = renderSheet()
    await user.click(screen.getByRole('button', { name: 'Add subtask' }))
    const form = screen.getByRole('dialog', { name: 'Add subtask' })
    await user.type(within(form).getByLabelText('Title'), 'Docs')
    await user.type(within(form).getByLabelText('Spec'), 'Write them')
    await user.click(within(form).getByRole('checkbox', { name: 's3 Work s3' }))
    await user.click(within(form).getByRole('button', { name: 'Add subtask' }))
    await vi.waitFor(() => expect(posted).toEqual([{ title: 'Docs', spec: 'Write them', implementation_plan: '', depends_on: ['s3'] }]))
    await vi.waitFor(() => expect(qc.getQueryData<Subtask[]>(projectKeys.subtasks('p1', 't1'))?.map((s) => s.key)).toEqual(['s1', 's2', 's3', 's4']))
    expect(within(screen.getByRole('list', { name: 'Subtasks of the plan' })).getByText('after s3')).toBeInTheDocument()
  })

  it('removes a subtask only after a confirmation', async () => {
    const user = userEvent.setup()
    const deleted: string[] = []
    server.use(
      http.delete('/api/subtasks/s1', () => {
        deleted.push('s1')
        return new HttpResponse(null, { status: 204 })
      }),
      http.get('/api/tasks/t1/subtasks', () => HttpResponse.json(plan().filter((s) => s.id !== 's1'))),
    )
    const qc = renderSheet()
    await user.click(screen.getByRole('button', { name: 'Remove s1' }))
    const confirm = screen.getByRole('dialog', { name: 'Remove subtask s1?' })
    await user.click(within(confirm).getByRole('button', { name: 'Cancel' }))
    expect(deleted).toEqual([])

    await user.click(screen.getByRole('button', { name: 'Remove s1' }))
    await user.click(within(screen.getByRole('dialog', { name: 'Remove subtask s1?' })).getByRole('button', { name: 'Remove subtask' }))
    await vi.waitFor(() => expect(deleted).toEqual(['s1']))
    await vi.waitFor(() => expect(qc.getQueryData<Subtask[]>(projectKeys.subtasks('p1', 't1'))?.map((s) => s.key)).toEqual(['s2', 's3']))
  })
})

describe('a board of a task whose plan awaits approval', () => {
  const actions: SubtaskActions = {
    onOpen: vi.fn(), onStart: vi.fn(), onMerge: vi.fn(), onMarkMerged: vi.fn(), onRetry: vi.fn(), onViewLogs: vi.fn(), isBusy: () => false,
  }

  it('a ready card’s Start is disabled and says why', () => {
    renderWithClient(<SubtaskCard subtask={sub('s1')} taskLabel="Add export" hint={null} run={undefined} actions={actions} containerId="t1:ready" planAwaitsApproval />)
    const start = screen.getByRole('button', { name: 'Start s1' })
    expect(start).toBeDisabled()
    expect(start).toHaveAccessibleDescription('The plan awaits your approval')
  })

  it('the task header shows it and holds back Start all ready', () => {
    renderWithClient(<TaskHeader task={task} subtasks={plan()} collapsed={false} onToggle={vi.fn()} onViewPlannerLogs={vi.fn()} onRetryPlanning={vi.fn()} retrying={false} onStartAllReady={vi.fn()} />)
    expect(screen.getByText('Plan awaits approval')).toBeInTheDocument()
    expect(screen.getByRole('button', { name: 'Start all ready subtasks of Add export' })).toBeDisabled()
  })
})

describe('the stream’s plan events', () => {
  it('subtask:created, subtask:updated and subtask:deleted patch the cached plan; task:updated the task', () => {
    const qc = testQueryClient()
    qc.setQueryData(projectKeys.subtasks('p1', 't1'), plan())
    qc.setQueryData(projectKeys.tasks('p1'), [task])

    applyEventToCache(qc, 'p1', { type: 'subtask:created', id: '1', data: sub('s4', { position: 3, depends_on: ['s1'] }) })
    applyEventToCache(qc, 'p1', { type: 'subtask:updated', id: '2', data: sub('s3', { position: 2, title: 'Renamed' }) })
    let list = qc.getQueryData<Subtask[]>(projectKeys.subtasks('p1', 't1'))!
    expect(list.map((s) => s.key)).toEqual(['s1', 's2', 's3', 's4'])
    expect(list[2].title).toBe('Renamed')

    applyEventToCache(qc, 'p1', { type: 'subtask:deleted', id: '3', data: { subtask_id: 's1', task_id: 't1', deleted_at: 'd' } })
    list = qc.getQueryData<Subtask[]>(projectKeys.subtasks('p1', 't1'))!
    expect(list.map((s) => [s.key, s.position, s.depends_on])).toEqual([['s2', 0, []], ['s3', 1, []], ['s4', 2, []]])

    applyEventToCache(qc, 'p1', { type: 'task:updated', id: '4', data: { task_id: 't1', autopilot: true, require_plan_approval: true, plan_approved_at: 'now', updated_at: 'now', budget_usd: null, budget_tokens: null, budget_reached: false, cost_usd: null, token_usage: 0 } })
    expect(qc.getQueryData<Task[]>(projectKeys.tasks('p1'))?.[0]).toMatchObject({ autopilot: true, plan_approved_at: 'now' })
  })
})

describe('the new-task dialog', () => {
  it('“Review the plan before work starts” starts as the project’s default and is sent', async () => {
    const user = userEvent.setup()
    const posted: unknown[] = []
    server.use(
      http.post('/api/projects/p1/tasks', async ({ request }) => {
        const body = (await request.json()) as { title: string }
        posted.push(body)
        return HttpResponse.json({ ...task, id: 't9', ...body }, { status: 201 })
      }),
    )
    renderWithClient(<CreateTaskDialog projectId="p1" planApprovalDefault />)
    await user.click(screen.getByRole('button', { name: /new task/i }))
    const review = screen.getByRole('checkbox', { name: 'Review the plan before work starts' })
    expect(review).toBeChecked()
    expect(review).toHaveAccessibleDescription(/Nothing starts until you approve the plan/)
    await user.type(screen.getByLabelText('Title'), 'T')
    await user.type(screen.getByLabelText('Description'), 'D')
    await user.click(screen.getByRole('button', { name: 'Create task' }))
    await vi.waitFor(() => expect(posted).toEqual([{ title: 'T', description: 'D', autopilot: false, require_plan_approval: true }]))
  })
})
