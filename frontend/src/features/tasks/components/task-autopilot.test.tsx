import { useQuery } from '@tanstack/react-query'
import { act, screen } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { http, HttpResponse } from 'msw'
import { describe, expect, it, vi } from 'vitest'
import { applyEventToCache } from '@/lib/events/cache-patches'
import { projectKeys } from '@/lib/query-keys'
import { renderWithClient, testQueryClient } from '@/testing/render'
import { apiError, server } from '@/testing/server'
import type { Task } from '@/types/api'
import { useSetTaskAutopilot } from '../api/task-mutations'
import { TaskHeader } from './task-header'

const task: Task = { id: 't1', project_id: 'p1', title: 'Due dates', description: 'd', status: 'ACTIVE', spec: null, error_message: null, autopilot: false, require_plan_approval: false, plan_approved_at: null, budget_usd: null, budget_tokens: null, budget_reached: false, cost_usd: null, token_usage: 0, created_at: 'c', updated_at: 'c' }

/** The header as the board wires it: the task from the cache, the switch through the mutation. */
function Header() {
  const tasks = useQuery({ queryKey: projectKeys.tasks('p1'), queryFn: (): Task[] => [], staleTime: Infinity })
  const setAutopilot = useSetTaskAutopilot('p1')
  const t = tasks.data?.[0]
  if (!t) return null
  return (
    <TaskHeader
      task={t}
      subtasks={[]}
      collapsed={false}
      onToggle={vi.fn()}
      onViewPlannerLogs={vi.fn()}
      onRetryPlanning={vi.fn()}
      retrying={false}
      onSetAutopilot={(changed, autopilot) => setAutopilot.mutate({ task: changed, autopilot })}
      autopilotPending={setAutopilot.isPending}
    />
  )
}

function setup(initial: Task = task) {
  const client = testQueryClient()
  client.setQueryData(projectKeys.tasks('p1'), [initial])
  renderWithClient(<Header />, client)
  return client
}

const autopilotSwitch = () => screen.getByRole('switch', { name: 'Autopilot for Due dates' })
const header = () => screen.getByRole('heading', { name: 'Due dates' }).parentElement!

describe('the task header’s autopilot switch', () => {
  it('PATCHes the task, is disabled until the answer, then shows the Autopilot badge', async () => {
    const user = userEvent.setup()
    const patched: unknown[] = []
    let release!: () => void
    server.use(
      http.patch('/api/tasks/t1', async ({ request }) => {
        const body = (await request.json()) as { autopilot: boolean }
        patched.push(body)
        await new Promise<void>((r) => (release = r))
        return HttpResponse.json({ ...task, autopilot: body.autopilot, updated_at: 'later' })
      }),
    )
    const client = setup()
    expect(autopilotSwitch()).toHaveAttribute('aria-checked', 'false')
    expect(header()).toHaveAttribute('data-autopilot', 'off')

    await user.click(autopilotSwitch())
    await vi.waitFor(() => expect(patched).toEqual([{ autopilot: true }]))
    expect(autopilotSwitch()).toHaveAttribute('aria-checked', 'true') // at once
    expect(autopilotSwitch()).toBeDisabled()

    await act(async () => release())
    await vi.waitFor(() => expect(autopilotSwitch()).toBeEnabled())
    expect(client.getQueryData<Task[]>(projectKeys.tasks('p1'))?.[0]).toMatchObject({ autopilot: true, updated_at: 'later' })
    expect(header()).toHaveAttribute('data-autopilot', 'on')
    expect(screen.getByText('Autopilot')).toBeVisible()
  })

  it('flips back when the server refuses', async () => {
    const user = userEvent.setup()
    server.use(http.patch('/api/tasks/t1', () => apiError(404, 'NOT_FOUND', 'task not found')))
    const client = setup()
    await user.click(autopilotSwitch())
    await vi.waitFor(() => expect(autopilotSwitch()).toBeEnabled())
    expect(autopilotSwitch()).toHaveAttribute('aria-checked', 'false')
    expect(client.getQueryData<Task[]>(projectKeys.tasks('p1'))?.[0].autopilot).toBe(false)
  })

  it('follows task:updated from another board', async () => {
    const client = setup()
    expect(autopilotSwitch()).toHaveAttribute('aria-checked', 'false')
    act(() => applyEventToCache(client, 'p1', { type: 'task:updated', data: { task_id: 't1', autopilot: true, require_plan_approval: false, plan_approved_at: null, updated_at: 'later', budget_usd: null, budget_tokens: null, budget_reached: false, cost_usd: null, token_usage: 0 } }))
    await vi.waitFor(() => expect(autopilotSwitch()).toHaveAttribute('aria-checked', 'true'))
    expect(header()).toHaveAttribute('data-autopilot', 'on')
    act(() => applyEventToCache(client, 'p1', { type: 'task:updated', data: { task_id: 't1', autopilot: false, require_plan_approval: false, plan_approved_at: null, updated_at: 'later', budget_usd: null, budget_tokens: null, budget_reached: false, cost_usd: null, token_usage: 0 } }))
    await vi.waitFor(() => expect(autopilotSwitch()).toHaveAttribute('aria-checked', 'false'))
    expect(header()).toHaveAttribute('data-autopilot', 'off')
  })

  it('without a handler, only a badge says the task is on autopilot', () => {
    const client = testQueryClient()
    renderWithClient(
      <TaskHeader task={{ ...task, autopilot: true }} subtasks={[]} collapsed={false} onToggle={vi.fn()} onViewPlannerLogs={vi.fn()} onRetryPlanning={vi.fn()} retrying={false} />,
      client,
    )
    expect(screen.queryByRole('switch')).toBeNull()
    expect(screen.getByText('Autopilot')).toBeInTheDocument()
  })
})
