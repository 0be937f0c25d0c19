import { render, screen, within } from '@testing-library/react'
import { describe, expect, it } from 'vitest'
import type { AgentRun } from '@/types/api'
import { RunHistory } from './run-history'

const run = (attempt: number, reason: AgentRun['reason']): AgentRun => ({
  id: `r${attempt}`,
  agent_type: 'WORKER',
  task_id: 't1',
  subtask_id: 's1',
  attempt_number: attempt,
  status: 'SUCCEEDED',
  started_at: '2026-01-01T00:00:00Z',
  ended_at: '2026-01-01T00:01:00Z',
  duration_ms: 60_000,
  token_usage: 10,
  error_message: null,
  reason,
})

describe('RunHistory', () => {
  it('labels each follow-up with its cause', () => {
    render(<RunHistory runs={[run(1, null), run(2, 'checks_failed'), run(3, 'changes_requested')]} onViewLog={() => {}} />)
    const rows = screen.getAllByRole('row').slice(1)
    expect(rows.map((r) => within(r).getAllByRole('cell')[0]?.textContent)).toEqual(['3changes requested', '2checks failed', '1'])
  })
})
