import { screen } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { describe, expect, it, vi } from 'vitest'
import { mockFetch, Reply } from '@/testing/fetch-mock'
import { renderWithClient } from '@/testing/render'
import { AddProjectDialog } from './add-project-dialog'

describe('AddProjectDialog', () => {
  it('requires a repository, shows the server’s error inline, and reports the new project', async () => {
    const user = userEvent.setup()
    const onCreated = vi.fn()
    mockFetch({
      'POST /api/projects': ({ body }: { body: { repo_url: string } }) =>
        body.repo_url === '/tmp/nope'
          ? new Reply(422, { error: { code: 'UNPROCESSABLE', message: '/tmp/nope is not a git repository' } })
          : new Reply(201, { id: 'p7', repo_url: body.repo_url, forge: 'local' }),
    })
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
