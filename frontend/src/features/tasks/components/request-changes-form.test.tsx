import { screen } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { http, HttpResponse } from 'msw'
import { describe, expect, it, vi } from 'vitest'
import { projectKeys } from '@/lib/query-keys'
import { renderWithClient, testQueryClient } from '@/testing/render'
import { apiError, server } from '@/testing/server'
import type { Subtask } from '@/types/api'
import { RequestChangesForm } from './request-changes-form'

const subtask = {
  id: 's1',
  task_id: 't1',
  key: 's1',
  title: 'Store the date',
  status: 'COMPLETED',
  follow_up_reason: null,
  automatic_follow_ups: 0,
} as Subtask

describe('RequestChangesForm', () => {
  it('needs a comment, then sends it with the file:line comment and puts the answer in the cache', async () => {
    const user = userEvent.setup()
    const posted: unknown[] = []
    server.use(
      http.post('/api/subtasks/s1/request-changes', async ({ request }) => {
        posted.push(await request.json())
        return HttpResponse.json({ ...subtask, status: 'IN_PROGRESS', follow_up_reason: 'changes_requested' })
      }),
    )
    const client = testQueryClient()
    client.setQueryData(projectKeys.subtasks('p1', 't1'), [subtask])
    renderWithClient(<RequestChangesForm projectId="p1" subtask={subtask} />, client)

    await user.click(screen.getByRole('button', { name: /request changes/i }))
    expect(screen.getByText('Write what should change')).toBeInTheDocument()
    expect(posted).toEqual([])

    await user.type(screen.getByLabelText('Review comment'), 'Name the date format')
    await user.type(screen.getByLabelText('File (optional)'), 'README.md')
    await user.type(screen.getByLabelText('Line (optional)'), '3')
    await user.click(screen.getByRole('button', { name: /request changes/i }))
    await vi.waitFor(() => expect(posted).toHaveLength(1))
    expect(posted[0]).toEqual({
      comment: 'Name the date format',
      comments: [{ path: 'README.md', line: 3, body: 'Name the date format' }],
    })
    await vi.waitFor(() =>
      expect(client.getQueryData<Subtask[]>(projectKeys.subtasks('p1', 't1'))?.[0]?.status).toBe('IN_PROGRESS'),
    )
    expect(screen.getByLabelText('Review comment')).toHaveValue('')
  })

  it('shows the server’s refusal', async () => {
    const user = userEvent.setup()
    server.use(
      http.post('/api/subtasks/s1/request-changes', () =>
        apiError(409, 'CONFLICT', 'subtask s1 is MERGED; changes can be requested only on completed work'),
      ),
    )
    renderWithClient(<RequestChangesForm projectId="p1" subtask={subtask} />)
    await user.type(screen.getByLabelText('Review comment'), 'Too late')
    await user.click(screen.getByRole('button', { name: /request changes/i }))
    expect(await screen.findByText(/changes can be requested only on completed work/)).toBeInTheDocument()
  })
})
