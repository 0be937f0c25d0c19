import { render } from '@testing-library/react'
import { MemoryRouter } from 'react-router'
import { describe, expect, it, vi } from 'vitest'
import type { Subtask, Task } from '@/types/api'
import { Board } from './board'
import type { SubtaskActions } from './subtask-card'

// every card renders through useSortable: the ids it is called with are the cards rendered
const rendered = vi.hoisted(() => ({ ids: [] as string[] }))
vi.mock('@dnd-kit/sortable', async (original) => {
  const sortable = await original<typeof import('@dnd-kit/sortable')>()
  return {
    ...sortable,
    useSortable: (args: Parameters<typeof sortable.useSortable>[0]) => {
      rendered.ids.push(String(args.id))
      return sortable.useSortable(args)
    },
  }
})

const task = (id: string) => ({ id, project_id: 'p1', title: `Task ${id}`, description: '', status: 'ACTIVE', spec: null, error_message: null, autopilot: false, created_at: 'c', updated_at: 'c' }) as Task
const sub = (taskId: string, key: string): Subtask =>
  ({ id: `${taskId}-${key}`, task_id: taskId, key, title: `Work ${key}`, status: 'READY', blocked_reason: null, blocked_detail: null, depends_on: [], position: 0, retry_count: 0, token_usage: 0, merge_state: null, conflict_files: [], checks: [], approved_at: null, follow_up_reason: null, automatic_follow_ups: 0, pr_url: null, pr_number: null, updated_at: 'u' }) as unknown as Subtask
const tasks = ['a', 'b', 'c'].map(task)
const subtasks = tasks.flatMap((t) => ['s1', 's2', 's3'].map((k) => sub(t.id, k)))

function board(list: Subtask[]) {
  // the page passes new callbacks on every render, as the route does
  const actions: SubtaskActions = { onOpen: vi.fn(), onStart: vi.fn(), onMerge: vi.fn(), onMarkMerged: vi.fn(), onRetry: vi.fn(), onViewLogs: vi.fn(), isBusy: () => false }
  return (
    <MemoryRouter>
      <Board tasks={tasks} subtasks={list} activeRuns={[]} actions={actions} onMove={vi.fn()} onViewPlannerLogs={vi.fn()} onRetryPlanning={vi.fn()} />
    </MemoryRouter>
  )
}

describe('Board renders', () => {
  it.each([
    ['its tokens', { token_usage: 5 }],
    ['its status (the card moves column)', { status: 'IN_PROGRESS' as const }],
  ])('only the changed subtask’s task again when an event changes %s', (_, change) => {
    const { rerender } = render(board(subtasks))
    rendered.ids = []
    const next = subtasks.slice()
    next[0] = { ...next[0], ...change }
    rerender(board(next))
    expect(new Set(rendered.ids)).toEqual(new Set(['a-s1', 'a-s2', 'a-s3']))
  })
})
