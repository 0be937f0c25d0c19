import { render, screen, within } from '@testing-library/react'
import { describe, expect, it } from 'vitest'
import type { AgentRun } from '@/types/api'
import { RunHistory } from './run-history'

const run = (attempt: number, reason: AgentRun['reason'], over: Partial<AgentRun> = {}): AgentRun => ({
  accepts_input: false,
  input_unavailable_reason: null,
  id: `r${attempt}`,
  agent_type: 'WORKER',
  task_id: 't1',
  subtask_id: 's1',
  attempt_number: attempt,
  status: 'SUCCEEDED',
  started_at: '2026-01-01T00:00:00Z',
  ended_at: '2026-01-01T00:01:00Z',
  duration_ms: 60_000,
  token_usage: 10, cost_usd: null, model: null, input_tokens: 0, output_tokens: 0, cache_read_tokens: 0, cache_write_tokens: 0, runtime: null, session_id: null, resumed_session_id: null,
  error_message: null,
  reason,
  ...over,
})

describe('RunHistory', () => {
  it('labels each follow-up with its cause', () => {
    render(<RunHistory runs={[run(1, null), run(2, 'checks_failed'), run(3, 'changes_requested')]} onViewLog={() => {}} />)
    const rows = screen.getAllByRole('row').slice(1)
    expect(rows.map((r) => within(r).getAllByRole('cell')[0]?.textContent)).toEqual(['3changes requested', '2checks failed', '1'])
  })

  it('says whether each attempt resumed the session before it or started a fresh one, with its model and cost', () => {
    render(
      <RunHistory
        runs={[
          run(1, null, { runtime: 'codex', model: 'gpt-5-codex', cost_usd: 0.0047, session_id: 'th-1' }),
          run(2, 'retry', { runtime: 'codex', model: 'gpt-5-codex', cost_usd: null, resumed_session_id: 'th-1' }),
          run(3, 'retry', { runtime: null }),
        ]}
        onViewLog={() => {}}
      />,
    )
    const [third, second, first] = screen.getAllByRole('row').slice(1)
    expect(within(first!).getByText('fresh session')).toBeInTheDocument()
    expect(within(first!).getByText('gpt-5-codex').parentElement).toHaveTextContent('gpt-5-codex · $0.0047')
    expect(within(second!).getByText('resumed session')).toHaveAttribute('title', 'Resumed session th-1 of the attempt before')
    expect(within(second!).getByText('gpt-5-codex').parentElement).toHaveTextContent(/^gpt-5-codex$/)
    expect(within(third!).queryByText(/session/)).toBeNull()
  })
})
