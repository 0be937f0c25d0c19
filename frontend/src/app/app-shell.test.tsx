import { QueryClientProvider } from '@tanstack/react-query'
import { render, screen, within } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { MemoryRouter, Route, Routes } from 'react-router'
import { describe, expect, it } from 'vitest'
import { mockFetch, Reply } from '@/testing/fetch-mock'
import { testQueryClient } from '@/testing/render'
import type { User } from '@/types/api'
import { AppShell } from './app-shell'
import { LoginRoute } from './routes/login'

const octo: User = { id: 'u1', github_username: 'octocat', avatar_url: 'https://avatars.example/u/1', created_at: 'c' }
const local: User = { id: '00000000-0000-0000-0000-000000000001', github_username: 'local', avatar_url: null, created_at: 'c' }
const noAvatar: User = { id: 'u2', github_username: 'plain', avatar_url: null, created_at: 'c' }

/** The shell with a stand-in page, and the sign-in page beside it, as in the app's router. */
function renderShell() {
  const client = testQueryClient()
  render(
    <QueryClientProvider client={client}>
      <MemoryRouter initialEntries={['/']}>
        <Routes>
          <Route path="/login" element={<LoginRoute />} />
          <Route element={<AppShell />}>
            <Route index element={<p>Projects page</p>} />
          </Route>
        </Routes>
      </MemoryRouter>
    </QueryClientProvider>,
  )
  return client
}

describe('AppShell user menu', () => {
  it('shows a GitHub user’s login and avatar, and Sign out returns to the sign-in page', async () => {
    const user = userEvent.setup()
    let signedIn = true
    const fetch = mockFetch({
      'GET /api/auth/me': () => (signedIn ? octo : new Reply(401, { error: { code: 'UNAUTHORIZED', message: 'sign in' } })),
      'POST /api/auth/logout': () => {
        signedIn = false
        return new Reply(204)
      },
    })
    const client = renderShell()

    const header = screen.getByRole('banner')
    expect(await within(header).findByText('octocat')).toBeInTheDocument()
    expect(header.querySelector('img[src="https://avatars.example/u/1"]')).not.toBeNull()
    expect(screen.getByText('Projects page')).toBeInTheDocument()

    await user.click(within(header).getByRole('button', { name: 'Sign out' }))

    expect(await screen.findByRole('link', { name: 'Sign in with GitHub' })).toHaveAttribute('href', '/api/auth/github')
    expect(screen.queryByRole('banner')).not.toBeInTheDocument()
    expect(fetch.calls.filter((c) => c.url === '/api/auth/logout')).toEqual([{ method: 'POST', url: '/api/auth/logout', body: undefined }])
    expect(client.getQueryData(['auth', 'me']), 'nothing of the signed-out user is cached').toBeUndefined()
  })

  it('has no Sign out for the local user of local mode', async () => {
    const fetch = mockFetch({ 'GET /api/auth/me': local })
    renderShell()

    const header = screen.getByRole('banner')
    expect(await within(header).findByText('local')).toBeInTheDocument()
    expect(within(header).queryByRole('button', { name: 'Sign out' })).not.toBeInTheDocument()
    expect(header.querySelector('img[src]:not([src="/favicon.svg"])')).toBeNull()
    expect(fetch.count('POST')).toBe(0)
  })

  it('offers Sign out to a GitHub user without an avatar too', async () => {
    mockFetch({ 'GET /api/auth/me': noAvatar })
    renderShell()

    const header = screen.getByRole('banner')
    expect(await within(header).findByText('plain')).toBeInTheDocument()
    expect(within(header).getByRole('button', { name: 'Sign out' })).toBeInTheDocument()
    expect(header.querySelector('img[src]:not([src="/favicon.svg"])')).toBeNull()
  })

  it('sends a visitor who is not signed in to the sign-in page', async () => {
    mockFetch({ 'GET /api/auth/me': new Reply(401, { error: { code: 'UNAUTHORIZED', message: 'sign in' } }) })
    renderShell()

    expect(await screen.findByRole('link', { name: 'Sign in with GitHub' })).toBeInTheDocument()
    expect(screen.queryByText('Projects page')).not.toBeInTheDocument()
  })
})
