import { screen } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { http, HttpResponse } from 'msw'
import { describe, expect, it, vi } from 'vitest'
import { projectKeys } from '@/lib/query-keys'
import { renderWithClient } from '@/testing/render'
import { server } from '@/testing/server'
import type { Project } from '@/types/api'
import { ProjectSettingsDialog } from './project-settings-dialog'

const project = { id: 'p1', name: 'shop', check_command: null, max_follow_ups: 3 } as unknown as Project

describe('ProjectSettingsDialog', () => {
  it('checks the cap, then saves the check command and the cap', async () => {
    const user = userEvent.setup()
    const patched: unknown[] = []
    server.use(
      http.patch('/api/projects/p1', async ({ request }) => {
        const body = (await request.json()) as Record<string, unknown>
        patched.push(body)
        return HttpResponse.json({ ...project, ...body })
      }),
    )
    const { client } = renderWithClient(<ProjectSettingsDialog project={project} />)
    await user.click(screen.getByRole('button', { name: 'Project settings' }))
    await user.type(screen.getByLabelText('Check command'), 'npm test')
    await user.clear(screen.getByLabelText('Automatic follow-ups per subtask'))
    await user.type(screen.getByLabelText('Automatic follow-ups per subtask'), '21')
    await user.click(screen.getByRole('button', { name: 'Save' }))
    expect(screen.getByText('Follow-ups must be a whole number from 0 to 20')).toBeInTheDocument()
    expect(patched).toEqual([])

    await user.clear(screen.getByLabelText('Automatic follow-ups per subtask'))
    await user.type(screen.getByLabelText('Automatic follow-ups per subtask'), '2')
    await user.click(screen.getByRole('button', { name: 'Save' }))
    await vi.waitFor(() => expect(screen.queryByRole('dialog')).not.toBeInTheDocument())
    expect(patched).toEqual([{ check_command: 'npm test', max_follow_ups: 2, autopilot_default: false, require_approval: false, plan_approval_default: false }])
    expect(client.getQueryData<Project>(projectKeys.detail('p1'))).toMatchObject({ check_command: 'npm test', max_follow_ups: 2 })
  })

  it('switches autopilot for new tasks', async () => {
    const user = userEvent.setup()
    const patched: unknown[] = []
    server.use(
      http.patch('/api/projects/p1', async ({ request }) => {
        const body = (await request.json()) as Record<string, unknown>
        patched.push(body)
        return HttpResponse.json({ ...project, ...body })
      }),
    )
    const { client } = renderWithClient(<ProjectSettingsDialog project={{ ...project, autopilot_default: false }} />)
    await user.click(screen.getByRole('button', { name: 'Project settings' }))
    const autopilot = screen.getByRole('switch', { name: 'Autopilot for new tasks' })
    expect(autopilot).toHaveAttribute('aria-checked', 'false')
    await user.click(autopilot)
    expect(autopilot).toHaveAttribute('aria-checked', 'true')
    await user.click(screen.getByRole('button', { name: 'Save' }))
    await vi.waitFor(() => expect(screen.queryByRole('dialog')).not.toBeInTheDocument())
    expect(patched).toEqual([{ check_command: '', max_follow_ups: 3, autopilot_default: true, require_approval: false, plan_approval_default: false }])
    expect(client.getQueryData<Project>(projectKeys.detail('p1'))).toMatchObject({ autopilot_default: true })
  })

  it('switches the approval the autopilot needs before it merges', async () => {
    const user = userEvent.setup()
    const patched: unknown[] = []
    server.use(
      http.patch('/api/projects/p1', async ({ request }) => {
        const body = (await request.json()) as Record<string, unknown>
        patched.push(body)
        return HttpResponse.json({ ...project, ...body })
      }),
    )
    const { client } = renderWithClient(<ProjectSettingsDialog project={{ ...project, autopilot_default: true, require_approval: false }} />)
    await user.click(screen.getByRole('button', { name: 'Project settings' }))
    const approval = screen.getByRole('switch', { name: 'Require approval' })
    expect(approval).toHaveAttribute('aria-checked', 'false')
    await user.click(approval)
    await user.click(screen.getByRole('button', { name: 'Save' }))
    await vi.waitFor(() => expect(screen.queryByRole('dialog')).not.toBeInTheDocument())
    expect(patched).toEqual([{ check_command: '', max_follow_ups: 3, autopilot_default: true, require_approval: true, plan_approval_default: false }])
    expect(client.getQueryData<Project>(projectKeys.detail('p1'))).toMatchObject({ require_approval: true })
  })
})
