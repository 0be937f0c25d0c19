import { act, screen } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { http, HttpResponse } from 'msw'
import { describe, expect, it, vi } from 'vitest'
import { NeedsYouList } from '@/features/activity/components/needs-you-list'
import { applyEventToCache } from '@/lib/events/cache-patches'
import { projectKeys } from '@/lib/query-keys'
import { renderWithClient, testQueryClient } from '@/testing/render'
import { server } from '@/testing/server'
import type { NeedsYouItem, Task } from '@/types/api'
import { CreateTaskDialog } from './create-task-dialog'
import { TaskHeader } from './task-header'

const task: Task = {
  id: 't1', project_id: 'p1', title: 'Due dates', description: 'd', status: 'ACTIVE', spec: null, error_message: null, autopilot: false, require_plan_approval: false, plan_approved_at: null,
  budget_usd: 0.03, budget_tokens: null, budget_reached: true, cost_usd: 0.04, token_usage: 240, created_at: 'c', updated_at: 'c',
}

const header = (t: Task, onSetBudget = vi.fn()) =>
  renderWithClient(<TaskHeader task={t} subtasks={[]} collapsed={false} onToggle={vi.fn()} onViewPlannerLogs={vi.fn()} onRetryPlanning={vi.fn()} retrying={false} onSetBudget={onSetBudget} />)

describe('a task’s budget', () => {
  it('the header shows the cost so far of the budget and, once reached, a badge and Raise budget', async () => {
    const user = userEvent.setup()
    const onSetBudget = vi.fn()
    header(task, onSetBudget)

    expect(screen.getByText(/\$0\.0400 \/ \$0\.0300/)).toBeInTheDocument()
    expect(screen.getByText('Budget reached')).toBeInTheDocument()
    await user.click(screen.getByRole('button', { name: 'Raise the budget of Due dates' }))
    const input = screen.getByLabelText('Budget (US dollars)')
    expect(input).toHaveValue('0.03')
    await user.clear(input)
    await user.type(input, 'abc')
    await user.click(screen.getByRole('button', { name: 'Save budget' }))
    expect(screen.getByText('The budget must be a number of dollars above 0')).toBeInTheDocument()
    expect(onSetBudget).not.toHaveBeenCalled()

    await user.clear(input)
    await user.type(input, '1.50')
    await user.click(screen.getByRole('button', { name: 'Save budget' }))
    expect(onSetBudget).toHaveBeenCalledWith(task, 1.5)
  })

  it('a task without a budget shows none, and one under budget no badge', () => {
    const { unmount } = header({ ...task, budget_usd: null, budget_reached: false })
    expect(screen.queryByText('Budget reached')).toBeNull()
    expect(screen.queryByRole('button', { name: /Raise the budget/ })).toBeNull()
    unmount()
    header({ ...task, budget_reached: false, cost_usd: 0.01 })
    expect(screen.queryByText('Budget reached')).toBeNull()
    expect(screen.getByText(/\$0\.0100 \/ \$0\.0300/)).toBeInTheDocument()
  })

  it('task:updated patches the budget state and the totals into the cache', () => {
    const client = testQueryClient()
    client.setQueryData(projectKeys.tasks('p1'), [{ ...task, budget_reached: false, cost_usd: 0.01, token_usage: 120 }])
    act(() =>
      applyEventToCache(client, 'p1', {
        type: 'task:updated',
        data: { task_id: 't1', autopilot: false, require_plan_approval: false, plan_approved_at: null, updated_at: 'later', budget_usd: 0.03, budget_tokens: null, budget_reached: true, cost_usd: 0.04, token_usage: 240 },
      }),
    )
    expect(client.getQueryData<Task[]>(projectKeys.tasks('p1'))?.[0]).toMatchObject({ budget_reached: true, cost_usd: 0.04, token_usage: 240, updated_at: 'later' })
  })

  it('the create dialog sends a budget when one is typed, and refuses a bad one', async () => {
    const user = userEvent.setup()
    const posted: unknown[] = []
    server.use(
      http.post('/api/projects/p1/tasks', async ({ request }) => {
        const body = (await request.json()) as Record<string, unknown>
        posted.push(body)
        return HttpResponse.json({ ...task, id: 't9', ...body }, { status: 201 })
      }),
    )
    renderWithClient(<CreateTaskDialog projectId="p1" budgetDefault={2} />)
    await user.click(screen.getByRole('button', { name: /new task/i }))
    expect(screen.getByLabelText('Budget (US dollars)')).toHaveAttribute('placeholder', 'project default: $2')
    await user.type(screen.getByLabelText('Title'), 'Costly')
    await user.type(screen.getByLabelText('Description'), 'D')
    await user.type(screen.getByLabelText('Budget (US dollars)'), '-1')
    await user.click(screen.getByRole('button', { name: 'Create task' }))
    expect(screen.getByText('The budget must be a number of dollars above 0')).toBeInTheDocument()
    expect(posted).toEqual([])

    await user.clear(screen.getByLabelText('Budget (US dollars)'))
    await user.type(screen.getByLabelText('Budget (US dollars)'), '$0.75')
    await user.click(screen.getByRole('button', { name: 'Create task' }))
    await vi.waitFor(() => expect(posted).toEqual([{ title: 'Costly', description: 'D', autopilot: false, require_plan_approval: false, budget_usd: 0.75 }]))
  })

  it('needs-you names a reached budget', () => {
    const item: NeedsYouItem = {
      kind: 'BUDGET_REACHED', project_id: 'p1', project_name: 'shop', task_id: 't1', task_title: 'Due dates',
      subtask_id: null, subtask_key: null, subtask_title: null, detail: 'budget reached: spent $0.04 of $0.03', since: '2026-01-01T00:00:00Z',
    }
    renderWithClient(<NeedsYouList items={[item]} />)
    expect(screen.getByText('Budget reached')).toBeInTheDocument()
    expect(screen.getByText('budget reached: spent $0.04 of $0.03')).toBeInTheDocument()
  })
})
