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
    expect(posted).toEqual([{ title: 'Add due dates', description: 'Items get a due date' }])
    expect(client.getQueryData<Task[]>(projectKeys.tasks('p1'))?.map((t) => t.id)).toEqual(['t9'])
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
