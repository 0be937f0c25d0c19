import { screen } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { http, HttpResponse } from 'msw'
import { describe, expect, it, vi } from 'vitest'
import { renderWithClient } from '@/testing/render'
import { apiError, server } from '@/testing/server'
import { AddProjectDialog } from './add-project-dialog'

describe('AddProjectDialog', () => {
  it('requires a repository, shows the server’s error inline, and reports the new project', async () => {
    const user = userEvent.setup()
    const onCreated = vi.fn()
    server.use(
      http.post('/api/projects', async ({ request }) => {
        const body = (await request.json()) as { repo_url: string }
        return body.repo_url === '/tmp/nope'
          ? apiError(422, 'UNPROCESSABLE', '/tmp/nope is not a git repository')
          : HttpResponse.json({ id: 'p7', repo_url: body.repo_url, forge: 'local' }, { status: 201 })
      }),
    )
    renderWithClient(<AddProjectDialog onCreated={onCreated} />)
    await user.click(screen.getByRole('button', { name: /add project/i }))
    await user.click(screen.getByRole('button', { name: 'Add project' }))
    expect(screen.getByRole('alert')).toHaveTextContent('Repository is required')

    await user.type(screen.getByLabelText('Repository'), '/tmp/nope')
    await user.click(screen.getByRole('button', { name: 'Add project' }))
    expect(await screen.findByText('/tmp/nope is not a git repository')).toBeInTheDocument()
    expect(screen.getByLabelText('Repository')).toHaveAttribute('aria-invalid', 'true')

    await user.clear(screen.getByLabelText('Repository'))
    await user.type(screen.getByLabelText('Repository'), '/tmp/repo')
    await user.click(screen.getByRole('button', { name: 'Add project' }))
    await vi.waitFor(() => expect(onCreated).toHaveBeenCalledWith('p7'))
  })
})
