import { screen, within } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { http, HttpResponse } from 'msw'
import { describe, expect, it, vi } from 'vitest'
import { renderWithClient } from '@/testing/render'
import { server } from '@/testing/server'
import type { Project } from '@/types/api'
import { agentFormOf, agentSettingsOf } from './agent-settings-fields'
import { ProjectSettingsDialog } from './project-settings-dialog'

const agentSettings = {
  runtime: null,
  planner: { runtime: null, model: null },
  worker: { runtime: null, model: null },
  env: { NODE_ENV: 'test' },
  secret_env: ['NPM_TOKEN'],
  setup_command: null,
}
const project = { id: 'p1', name: 'shop', check_command: null, max_follow_ups: 3, budget_usd_default: null, agent_settings: agentSettings } as unknown as Project

function capturePatches() {
  const patched: Record<string, unknown>[] = []
  server.use(
    http.patch('/api/projects/p1', async ({ request }) => {
      const body = (await request.json()) as Record<string, unknown>
      patched.push(body)
      return HttpResponse.json({ ...project, ...body })
    }),
  )
  return patched
}

describe('the Agents section of the project settings', () => {
  it('shows the variables, a stored secret only as set, and saves runtime, model, a new secret and the setup command', async () => {
    const user = userEvent.setup()
    const patched = capturePatches()
    renderWithClient(<ProjectSettingsDialog project={project} />)
    await user.click(screen.getByRole('button', { name: 'Project settings' }))

    const rows = within(screen.getByRole('list', { name: 'Environment variables' })).getAllByRole('listitem')
    expect(rows).toHaveLength(2)
    expect(screen.getByLabelText('Variable 1 name')).toHaveValue('NODE_ENV')
    expect(screen.getByLabelText('Variable 1 value')).toHaveValue('test')
    expect(screen.getByLabelText('Variable 2 name')).toHaveValue('NPM_TOKEN')
    expect(screen.getByLabelText('Variable 2 value')).toHaveValue('')
    expect(screen.getByLabelText('Variable 2 value')).toHaveAttribute('placeholder', 'set (type to replace)')
    expect(screen.getByLabelText('Variable 2 value')).toHaveAttribute('type', 'password')

    await user.selectOptions(screen.getByLabelText('Runtime'), 'codex')
    await user.type(screen.getByLabelText('worker model'), 'gpt-5-codex')
    await user.click(screen.getByRole('button', { name: 'Add variable' }))
    await user.type(screen.getByLabelText('Variable 3 name'), 'API_KEY')
    await user.click(screen.getByLabelText('Variable 3 is secret'))
    await user.type(screen.getByLabelText('Variable 3 value'), 'hunter2')
    await user.type(screen.getByLabelText('Setup command'), 'npm ci')
    await user.type(screen.getByLabelText('Budget for new tasks (US dollars)'), '5')
    await user.click(screen.getByRole('button', { name: 'Save' }))

    await vi.waitFor(() => expect(screen.queryByRole('dialog')).not.toBeInTheDocument())
    expect(patched).toHaveLength(1)
    expect(patched[0].budget_usd_default).toBe(5)
    expect(patched[0].agent_settings).toEqual({
      runtime: 'codex',
      planner: { runtime: null, model: null },
      worker: { runtime: null, model: 'gpt-5-codex' },
      env: { NODE_ENV: 'test' },
      // the stored secret is kept (null), the new one has its value
      secret_env: { NPM_TOKEN: null, API_KEY: 'hunter2' },
      setup_command: 'npm ci',
    })
  })

  it('removing a stored secret clears it, and a bad variable name is refused before sending', async () => {
    const user = userEvent.setup()
    const patched = capturePatches()
    renderWithClient(<ProjectSettingsDialog project={project} />)
    await user.click(screen.getByRole('button', { name: 'Project settings' }))

    await user.click(screen.getByRole('button', { name: 'Remove NPM_TOKEN' }))
    await user.click(screen.getByRole('button', { name: 'Add variable' }))
    await user.type(screen.getByLabelText('Variable 2 name'), 'lower')
    await user.click(screen.getByRole('button', { name: 'Save' }))
    expect(screen.getByText('lower: use capital letters, digits and _ (not starting with a digit)')).toBeInTheDocument()
    expect(patched).toEqual([])

    await user.clear(screen.getByLabelText('Variable 2 name'))
    await user.type(screen.getByLabelText('Variable 2 name'), 'IV_ROLE')
    await user.click(screen.getByRole('button', { name: 'Save' }))
    expect(screen.getByText('IV_ROLE is set by the orchestrator')).toBeInTheDocument()

    await user.click(screen.getByRole('button', { name: 'Remove IV_ROLE' }))
    await user.click(screen.getByRole('button', { name: 'Save' }))
    await vi.waitFor(() => expect(patched).toHaveLength(1))
    expect(patched[0].agent_settings).toMatchObject({ env: { NODE_ENV: 'test' }, secret_env: {} })
  })

  it('an unchanged Agents section is not sent', async () => {
    const user = userEvent.setup()
    const patched = capturePatches()
    renderWithClient(<ProjectSettingsDialog project={project} />)
    await user.click(screen.getByRole('button', { name: 'Project settings' }))
    await user.click(screen.getByRole('button', { name: 'Save' }))
    await vi.waitFor(() => expect(patched).toHaveLength(1))
    expect(patched[0]).not.toHaveProperty('agent_settings')
    expect(patched[0]).not.toHaveProperty('budget_usd_default')
  })

  it('a new secret needs a value', () => {
    const form = agentFormOf(undefined)
    form.env.push({ name: 'TOKEN', value: '', secret: true, stored: false })
    expect(agentSettingsOf(form).error).toBe("TOKEN: give the secret's value")
  })
})
