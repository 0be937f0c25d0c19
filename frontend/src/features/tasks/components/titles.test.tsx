import { screen, within } from '@testing-library/react'
import { describe, expect, it, vi } from 'vitest'
import { renderWithClient } from '@/testing/render'
import type { Subtask, Task } from '@/types/api'
import { Board } from './board'
import type { SubtaskActions } from './subtask-card'
import { SubtaskDetailSheet } from './subtask-detail-sheet'

const task: Task = { id: 't1', project_id: 'p1', title: 'Add `--json` to **list**', description: 'd', status: 'ACTIVE', spec: null, error_message: null, autopilot: false, require_plan_approval: false, plan_approved_at: null, budget_usd: null, budget_tokens: null, budget_reached: false, cost_usd: null, token_usage: 0, created_at: 'c', updated_at: 'c' }
const sub = (key: string, over: Partial<Subtask> = {}): Subtask => ({
  id: key, task_id: 't1', key, title: `Work ${key}`, spec: '', implementation_plan: '', status: 'READY',
  blocked_reason: null, blocked_detail: null, depends_on: [], branch_name: null, pr_url: null, pr_number: null,
  retry_count: 0, token_usage: 0, cost_usd: null, position: 0, follow_up_reason: null, automatic_follow_ups: 0,
  merge_state: null, conflict_files: [], approved_at: null, checks: [], created_at: 'c', updated_at: new Date().toISOString(),
  ...over,
})

const actions = (): SubtaskActions => ({ onOpen: vi.fn(), onStart: vi.fn(), onMerge: vi.fn(), onMarkMerged: vi.fn(), onRetry: vi.fn(), onViewLogs: vi.fn(), isBusy: () => false })

function renderBoard(subtasks: Subtask[]) {
  return renderWithClient(
    <Board tasks={[task]} subtasks={subtasks} activeRuns={[]} actions={actions()} onMove={vi.fn()} onViewPlannerLogs={vi.fn()} onRetryPlanning={vi.fn()} onDeleteTask={vi.fn()} onStartAllReady={vi.fn()} />,
  )
}

describe('titles with inline markdown', () => {
  it('the task header renders code and strong; labels carry the text without the markers', () => {
    renderBoard([sub('s1')])
    const heading = screen.getByRole('heading', { name: 'Add --json to list' })
    expect(heading.querySelector('code')).toHaveTextContent('--json')
    expect(heading.querySelector('strong')).toHaveTextContent('list')
    expect(heading).not.toHaveTextContent('`')
    expect(heading).not.toHaveTextContent('*')
    expect(screen.getByRole('region', { name: 'Add --json to list' })).toBeInTheDocument()
    expect(screen.getByRole('button', { name: 'Start all ready subtasks of Add --json to list' })).toBeInTheDocument()
    expect(screen.getByRole('button', { name: 'Delete task Add --json to list' })).toBeInTheDocument()
    expect(screen.getByRole('list', { name: 'Add --json to list: Ready' })).toBeInTheDocument()
  })

  it('a card renders em and code; links, images and HTML stay text, and nothing is a link or an image', () => {
    const { container } = renderBoard([
      sub('s1', { title: 'Parse *dates* in `api.ts`' }),
      sub('s2', { title: 'See [docs](javascript:alert(1)) ![x](http://e/x.png) <img src=x onerror=alert(1)>', position: 1 }),
    ])
    const s1 = screen.getByRole('article', { name: 's1 Parse dates in api.ts' })
    expect(s1.querySelector('em')).toHaveTextContent('dates')
    expect(s1.querySelector('code')).toHaveTextContent('api.ts')
    const s2 = screen.getByRole('article', { name: /^s2 / })
    expect(within(s2).getByRole('button', { name: 'See [docs](javascript:alert(1)) ![x](http://e/x.png) <img src=x onerror=alert(1)>' })).toBeInTheDocument()
    expect(container.querySelector('a, img')).toBeNull()
  })

  it('the subtask sheet’s title renders the markdown too', () => {
    renderWithClient(
      <SubtaskDetailSheet projectId="p1" subtask={sub('s1', { title: 'Parse **ISO** `dates`' })} open onClose={vi.fn()} runs={null} />,
    )
    const dialog = screen.getByRole('dialog', { name: 's1 · Parse ISO dates' })
    const title = within(dialog).getByRole('heading', { name: 's1 · Parse ISO dates' })
    expect(title.querySelector('strong')).toHaveTextContent('ISO')
    expect(title.querySelector('code')).toHaveTextContent('dates')
  })
})
