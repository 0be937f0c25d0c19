import { screen } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { http, HttpResponse } from 'msw'
import { describe, expect, it, vi } from 'vitest'
import { projectKeys } from '@/lib/query-keys'
import { renderWithClient } from '@/testing/render'
import { apiError, server } from '@/testing/server'
import type { Task } from '@/types/api'
import { CreateTaskDialog } from './create-task-dialog'

describe('CreateTaskDialog', () => {
  it('checks title (≤ 200) and description (required) before sending, then creates the task', async () => {
    const user = userEvent.setup()
    const posted: unknown[] = []
    server.use(
      http.post('/api/projects/p1/tasks', async ({ request }) => {
        const body = (await request.json()) as { title: string }
        posted.push(body)
        return HttpResponse.json({ id: 't9', project_id: 'p1', status: 'PLANNING', ...body }, { status: 201 })
      }),
    )
    const { client } = renderWithClient(<CreateTaskDialog projectId="p1" />)
    await user.click(screen.getByRole('button', { name: /new task/i }))
    const dialog = screen.getByRole('dialog', { name: 'New task' })
    expect(screen.getByLabelText('Title')).toHaveFocus()

    await user.click(screen.getByRole('button', { name: 'Create task' }))
    expect(screen.getByText('Title is required')).toBeInTheDocument()
    expect(screen.getByText('Description is required')).toBeInTheDocument()
    expect(screen.getByLabelText('Title')).toHaveAttribute('aria-invalid', 'true')

    await user.click(screen.getByLabelText('Title'))
    await user.paste('x'.repeat(201))
    await user.click(screen.getByRole('button', { name: 'Create task' }))
    expect(screen.getByText('Title must be at most 200 characters')).toBeInTheDocument()
    expect(posted).toEqual([])

    await user.clear(screen.getByLabelText('Title'))
    await user.type(screen.getByLabelText('Title'), 'Add due dates')
    await user.type(screen.getByLabelText('Description'), 'Items get a due date')
    await user.click(screen.getByRole('button', { name: 'Create task' }))
    await vi.waitFor(() => expect(dialog).not.toBeInTheDocument())
    expect(posted).toEqual([{ title: 'Add due dates', description: 'Items get a due date', autopilot: false, require_plan_approval: false }])
    expect(client.getQueryData<Task[]>(projectKeys.tasks('p1'))?.map((t) => t.id)).toEqual(['t9'])
  })

  it('Autopilot starts as the project’s default each time the dialog opens, and is sent with the task', async () => {
    const user = userEvent.setup()
    const posted: unknown[] = []
    server.use(
      http.post('/api/projects/p1/tasks', async ({ request }) => {
        const body = (await request.json()) as { title: string }
        posted.push(body)
        return HttpResponse.json({ id: `t${posted.length}`, project_id: 'p1', status: 'PLANNING', ...body }, { status: 201 })
      }),
    )
    renderWithClient(<CreateTaskDialog projectId="p1" autopilotDefault />)
    const create = async (title: string) => {
      await user.type(screen.getByLabelText('Title'), title)
      await user.type(screen.getByLabelText('Description'), 'D')
      await user.click(screen.getByRole('button', { name: 'Create task' }))
      await vi.waitFor(() => expect(screen.queryByRole('dialog')).not.toBeInTheDocument())
    }

    await user.click(screen.getByRole('button', { name: /new task/i }))
    const autopilot = screen.getByRole('switch', { name: 'Autopilot' })
    expect(autopilot).toHaveAttribute('aria-checked', 'true')
    expect(autopilot).toHaveAccessibleDescription('Start ready subtasks and merge checked, conflict-free work by itself')
    await create('On by default')

    await user.click(screen.getByRole('button', { name: /new task/i }))
    await user.click(screen.getByRole('switch', { name: 'Autopilot' }))
    expect(screen.getByRole('switch', { name: 'Autopilot' })).toHaveAttribute('aria-checked', 'false')
    await create('Switched off')

    // the next task starts from the project's default again
    await user.click(screen.getByRole('button', { name: /new task/i }))
    expect(screen.getByRole('switch', { name: 'Autopilot' })).toHaveAttribute('aria-checked', 'true')
    expect(posted).toEqual([
      { title: 'On by default', description: 'D', autopilot: true, require_plan_approval: false },
      { title: 'Switched off', description: 'D', autopilot: false, require_plan_approval: false },
    ])
  })

  it('shows the server’s refusal inline', async () => {
    const user = userEvent.setup()
    server.use(http.post('/api/projects/p1/tasks', () => apiError(400, 'INVALID_REQUEST', 'title must be at most 200 characters')))
    renderWithClient(<CreateTaskDialog projectId="p1" />)
    await user.click(screen.getByRole('button', { name: /new task/i }))
    await user.type(screen.getByLabelText('Title'), 'T')
    await user.type(screen.getByLabelText('Description'), 'D')
    await user.click(screen.getByRole('button', { name: 'Create task' }))
    expect(await screen.findByText('title must be at most 200 characters')).toBeInTheDocument()
    expect(screen.getByRole('dialog')).toBeInTheDocument()
  })
})
