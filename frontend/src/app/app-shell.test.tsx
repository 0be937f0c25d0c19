import { QueryClientProvider } from '@tanstack/react-query'
import { render, screen, within } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { http, HttpResponse } from 'msw'
import { MemoryRouter, Route, Routes } from 'react-router'
import { describe, expect, it, vi } from 'vitest'
import { testQueryClient } from '@/testing/render'
import { apiError, noContent, recordRequests, server } from '@/testing/server'
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
    const logoutBodies: string[] = []
    server.use(
      http.get('/api/auth/me', () => (signedIn ? HttpResponse.json(octo) : apiError(401, 'UNAUTHORIZED', 'sign in'))),
      http.post('/api/auth/logout', async ({ request }) => {
        logoutBodies.push(await request.text())
        signedIn = false
        return noContent()
      }),
    )
    const client = renderShell()

    const header = screen.getByRole('banner')
    expect(await within(header).findByText('octocat')).toBeInTheDocument()
    expect(header.querySelector('img[src="https://avatars.example/u/1"]')).not.toBeNull()
    expect(screen.getByText('Projects page')).toBeInTheDocument()

    await user.click(within(header).getByRole('button', { name: 'Sign out' }))

    expect(await screen.findByRole('link', { name: 'Sign in with GitHub' })).toHaveAttribute('href', '/api/auth/github')
    expect(screen.queryByRole('banner')).not.toBeInTheDocument()
    expect(logoutBodies, 'one POST, without a body').toEqual([''])
    expect(client.getQueryData(['auth', 'me']), 'nothing of the signed-out user is cached').toBeUndefined()
  })

  it('has no Sign out for the local user of local mode', async () => {
    server.use(http.get('/api/auth/me', () => HttpResponse.json(local)))
    const requests = recordRequests()
    renderShell()

    const header = screen.getByRole('banner')
    expect(await within(header).findByText('local')).toBeInTheDocument()
    expect(within(header).queryByRole('button', { name: 'Sign out' })).not.toBeInTheDocument()
    expect(header.querySelector('img[src]:not([src="/favicon.svg"])')).toBeNull()
    expect(requests.count('POST')).toBe(0)
  })

  it('offers Sign out to a GitHub user without an avatar too', async () => {
    server.use(http.get('/api/auth/me', () => HttpResponse.json(noAvatar)))
    renderShell()

    const header = screen.getByRole('banner')
    expect(await within(header).findByText('plain')).toBeInTheDocument()
    expect(within(header).getByRole('button', { name: 'Sign out' })).toBeInTheDocument()
    expect(header.querySelector('img[src]:not([src="/favicon.svg"])')).toBeNull()
  })

  it('sends a visitor who is not signed in to the sign-in page', async () => {
    server.use(http.get('/api/auth/me', () => apiError(401, 'UNAUTHORIZED', 'sign in')))
    renderShell()

    expect(await screen.findByRole('link', { name: 'Sign in with GitHub' })).toBeInTheDocument()
    expect(screen.queryByText('Projects page')).not.toBeInTheDocument()
  })
})

describe('AppShell sessions and sandbox', () => {
  it('Sign out everywhere ends every session of the user and returns to the sign-in page', async () => {
    const user = userEvent.setup()
    let signedIn = true
    server.use(
      http.get('/api/auth/me', () => (signedIn ? HttpResponse.json(octo) : apiError(401, 'UNAUTHORIZED', 'sign in'))),
      http.post('/api/auth/logout-all', () => {
        signedIn = false
        return noContent()
      }),
    )
    const requests = recordRequests()
    renderShell()

    const header = screen.getByRole('banner')
    await user.click(await within(header).findByRole('button', { name: 'Sign out everywhere' }))

    expect(await screen.findByRole('link', { name: 'Sign in with GitHub' })).toBeInTheDocument()
    expect(requests.count('POST /api/auth/logout-all')).toBe(1)
    expect(requests.count('POST /api/auth/logout')).toBe(1) // the prefix counts logout-all itself, and only it
  })

  it('warns that agents are not sandboxed when the server runs them without bubblewrap', async () => {
    server.use(
      http.get('/api/auth/me', () => HttpResponse.json(local)),
      http.get('/api/settings', () => HttpResponse.json({ agents: { runtime: 'demo', sandbox: 'none', network: 'on' } })),
    )
    renderShell()

    const warning = await screen.findByText(/Agents are not sandboxed on this server/)
    expect(warning.closest('output')).toHaveTextContent('AGENT_SANDBOX=none')
  })

  it('shows no warning when agents are sandboxed', async () => {
    server.use(http.get('/api/auth/me', () => HttpResponse.json(local)))
    const requests = recordRequests()
    renderShell()

    expect(await within(screen.getByRole('banner')).findByText('local')).toBeInTheDocument()
    await vi.waitFor(() => expect(requests.count('GET /api/settings')).toBe(1))
    expect(screen.queryByText(/not sandboxed/)).not.toBeInTheDocument()
  })
})
