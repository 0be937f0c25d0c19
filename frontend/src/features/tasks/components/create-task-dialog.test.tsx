import { screen } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { describe, expect, it, vi } from 'vitest'
import { projectKeys } from '@/lib/query-keys'
import { mockFetch, Reply } from '@/testing/fetch-mock'
import { renderWithClient } from '@/testing/render'
import type { Task } from '@/types/api'
import { CreateTaskDialog } from './create-task-dialog'

describe('CreateTaskDialog', () => {
  it('checks title (≤ 200) and description (required) before sending, then creates the task', async () => {
    const user = userEvent.setup()
    const fetch = mockFetch({
      'POST /api/projects/p1/tasks': ({ body }: { body: { title: string } }) => new Reply(201, { id: 't9', project_id: 'p1', status: 'PLANNING', ...body }),
    })
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
    expect(fetch.count('POST')).toBe(0)

    await user.clear(screen.getByLabelText('Title'))
    await user.type(screen.getByLabelText('Title'), 'Add due dates')
    await user.type(screen.getByLabelText('Description'), 'Items get a due date')
    await user.click(screen.getByRole('button', { name: 'Create task' }))
    expect(fetch.calls.find((c) => c.method === 'POST')?.body).toEqual({ title: 'Add due dates', description: 'Items get a due date' })
    await vi.waitFor(() => expect(dialog).not.toBeInTheDocument())
    expect(client.getQueryData<Task[]>(projectKeys.tasks('p1'))?.map((t) => t.id)).toEqual(['t9'])
  })

  it('shows the server’s refusal inline', async () => {
    const user = userEvent.setup()
    mockFetch({ 'POST /api/projects/p1/tasks': new Reply(400, { error: { code: 'INVALID_REQUEST', message: 'title must be at most 200 characters' } }) })
    renderWithClient(<CreateTaskDialog projectId="p1" />)
    await user.click(screen.getByRole('button', { name: /new task/i }))
    await user.type(screen.getByLabelText('Title'), 'T')
    await user.type(screen.getByLabelText('Description'), 'D')
    await user.click(screen.getByRole('button', { name: 'Create task' }))
    expect(await screen.findByText('title must be at most 200 characters')).toBeInTheDocument()
    expect(screen.getByRole('dialog')).toBeInTheDocument()
  })
})
