import { screen, waitFor } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { http, HttpResponse } from 'msw'
import { describe, expect, it } from 'vitest'
import { renderWithClient } from '@/testing/render'
import { apiError, server } from '@/testing/server'
import { inputUnavailableReason, TellTheAgent } from './tell-the-agent'

describe('TellTheAgent', () => {
  it('sends the message to the running agent and clears the box', async () => {
    const received: unknown[] = []
    server.use(
      http.post('/api/runs/r1/messages', async ({ request }) => {
        received.push(await request.json())
        return HttpResponse.json({ id: 'r1', status: 'RUNNING', accepts_input: true }, { status: 202 })
      }),
    )
    renderWithClient(<TellTheAgent runId="r1" unavailableReason={null} />)
    const box = screen.getByRole('textbox', { name: 'Message to the agent' })
    expect(box).toHaveAttribute('placeholder', 'Tell the agent…')

    await userEvent.type(box, '  Use ISO dates  {Enter}')

    await waitFor(() => expect(received).toEqual([{ text: 'Use ISO dates' }]))
    await waitFor(() => expect(box).toHaveValue(''))
  })

  it('is disabled with the reason where the agent takes no messages', () => {
    renderWithClient(<TellTheAgent runId="r1" unavailableReason="The codex runtime takes no messages while it runs (the acp and claude-code runtimes do)" />)

    expect(screen.getByRole('textbox', { name: 'Message to the agent' })).toBeDisabled()
    expect(screen.getByRole('button', { name: 'Send' })).toBeDisabled()
    expect(screen.getByText('The codex runtime takes no messages while it runs (the acp and claude-code runtimes do)')).toBeInTheDocument()
  })

  it('shows the server’s refusal beside the box and keeps the text', async () => {
    server.use(http.post('/api/runs/r1/messages', () => apiError(409, 'CONFLICT', 'The agent takes no message right now: its session is starting or ending')))
    renderWithClient(<TellTheAgent runId="r1" unavailableReason={null} />)
    const box = screen.getByRole('textbox', { name: 'Message to the agent' })

    await userEvent.type(box, 'Stop after the tests{Enter}')

    expect(await screen.findByRole('alert')).toHaveTextContent('its session is starting or ending')
    expect(box).toHaveValue('Stop after the tests')
  })
})

describe('inputUnavailableReason', () => {
  it('says why, in the server’s words, or null for a running agent that takes input', () => {
    expect(inputUnavailableReason('RUNNING', 'acp', true)).toBeNull()
    expect(inputUnavailableReason('RUNNING', 'codex', false)).toBe('The codex runtime takes no messages while it runs (the acp and claude-code runtimes do)')
    expect(inputUnavailableReason('QUEUED', 'acp', true)).toBe('The agent has not started yet')
    expect(inputUnavailableReason('FAILED', 'acp', true)).toBe('The run has ended: its agent takes no more messages')
  })
})
