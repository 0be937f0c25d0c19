import { screen } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { http } from 'msw'
import { describe, expect, it, vi } from 'vitest'
import { projectKeys } from '@/lib/query-keys'
import { renderWithClient, testQueryClient } from '@/testing/render'
import { apiError, noContent, server } from '@/testing/server'
import type { Subtask, Task } from '@/types/api'
import { DeleteTaskDialog } from './delete-task-dialog'

const task: Task = { id: 't1', project_id: 'p1', title: 'Due dates', description: 'd', status: 'ACTIVE', spec: null, error_message: null, autopilot: false, require_plan_approval: false, plan_approved_at: null, budget_usd: null, budget_tokens: null, budget_reached: false, cost_usd: null, token_usage: 0, created_at: 'c', updated_at: 'c' }
const sub = (id: string, status: Subtask['status']): Subtask => ({
  id, task_id: 't1', key: id, title: id, spec: '', implementation_plan: '', status, blocked_reason: null, blocked_detail: null, depends_on: [], branch_name: null,
  pr_url: null, pr_number: null, retry_count: 0, token_usage: 0, cost_usd: null, position: 0, created_at: 'c', updated_at: 'c', merge_state: null, conflict_files: [], approved_at: null, checks: [], follow_up_reason: null, automatic_follow_ups: 0,
})

describe('DeleteTaskDialog', () => {
  it('says what goes, deletes on confirmation and drops the task from the board', async () => {
    const user = userEvent.setup()
    let deleted = 0
    server.use(
      http.delete('/api/tasks/t1', () => {
        deleted++
        return noContent()
      }),
    )
    const client = testQueryClient()
    client.setQueryData(projectKeys.tasks('p1'), [task])
    const onClose = vi.fn()
    renderWithClient(<DeleteTaskDialog projectId="p1" task={task} subtasks={[sub('s1', 'IN_PROGRESS'), sub('s2', 'READY')]} onClose={onClose} />, client)

    const dialog = screen.getByRole('dialog', { name: 'Delete task “Due dates”?' })
    expect(dialog).toHaveTextContent('2 subtasks with every agent run and log')
    expect(dialog).toHaveTextContent('they are stopped first')
    expect(screen.getByRole('button', { name: 'Cancel' })).toHaveFocus()

    await user.click(screen.getByRole('button', { name: 'Delete task' }))
    await vi.waitFor(() => expect(onClose).toHaveBeenCalled())
    expect(deleted).toBe(1)
    expect(client.getQueryData(projectKeys.tasks('p1'))).toEqual([])
  })

  it('Cancel deletes nothing', async () => {
    const user = userEvent.setup()
    const onClose = vi.fn()
    renderWithClient(<DeleteTaskDialog projectId="p1" task={task} subtasks={[]} onClose={onClose} />)
    await user.click(screen.getByRole('button', { name: 'Cancel' }))
    expect(onClose).toHaveBeenCalled()
  })

  it('asks again, naming the branches, when a worktree holds commits that were never pushed', async () => {
    const user = userEvent.setup()
    const urls: string[] = []
    server.use(
      http.delete('/api/tasks/t1', ({ request }) => {
        urls.push(new URL(request.url).search)
        return new URL(request.url).searchParams.get('discard_unpushed') === 'true'
          ? noContent()
          : apiError(409, 'CONFLICT', 'these branches have commits that were never pushed, so deleting the task would lose them: iv/t1/s1-x (2); delete again with discard_unpushed=true to lose them')
      }),
    )
    const client = testQueryClient()
    client.setQueryData(projectKeys.tasks('p1'), [task])
    const onClose = vi.fn()
    renderWithClient(<DeleteTaskDialog projectId="p1" task={task} subtasks={[sub('s1', 'BLOCKED')]} onClose={onClose} />, client)

    await user.click(screen.getByRole('button', { name: 'Delete task' }))
    expect(await screen.findByRole('alert')).toHaveTextContent('iv/t1/s1-x (2)')
    expect(onClose).not.toHaveBeenCalled()
    expect(client.getQueryData(projectKeys.tasks('p1'))).toEqual([task])

    await user.click(screen.getByRole('button', { name: 'Delete and lose those commits' }))
    await vi.waitFor(() => expect(onClose).toHaveBeenCalled())
    expect(urls).toEqual(['', '?discard_unpushed=true'])
    expect(client.getQueryData(projectKeys.tasks('p1'))).toEqual([])
  })
})
