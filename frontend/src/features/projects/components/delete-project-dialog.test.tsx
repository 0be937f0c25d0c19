import { screen } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { http } from 'msw'
import { describe, expect, it, vi } from 'vitest'
import { projectKeys } from '@/lib/query-keys'
import { renderWithClient, testQueryClient } from '@/testing/render'
import { noContent, server } from '@/testing/server'
import type { Project } from '@/types/api'
import { DeleteProjectDialog } from './delete-project-dialog'

const project = { id: 'p1', name: 'todo-app', repo_url: '/repos/todo-app' } as Project

describe('DeleteProjectDialog', () => {
  it('says what goes and, once deleted, moves on even if the board was gone before the answer came', async () => {
    const user = userEvent.setup()
    let answer!: () => void
    server.use(http.delete('/api/projects/p1', () => new Promise<Response>((resolve) => (answer = () => resolve(noContent())))))
    const client = testQueryClient()
    client.setQueryData(projectKeys.all, [project, { ...project, id: 'p2' }])
    const onDeleted = vi.fn()
    const { unmount } = renderWithClient(
      <DeleteProjectDialog project={project} open taskCount={2} subtaskCount={7} onClose={vi.fn()} onDeleted={onDeleted} />,
      client,
    )
    const dialog = screen.getByRole('dialog', { name: 'Delete project “todo-app”?' })
    expect(dialog).toHaveTextContent('2 tasks and 7 subtasks, with every agent run and log')
    expect(dialog).toHaveTextContent('The repository it was added from is not touched')

    await user.click(screen.getByRole('button', { name: 'Delete project' }))
    await vi.waitFor(() => expect(answer).toBeDefined())
    unmount() // the stream's project:deleted replaced the board first
    answer()
    await vi.waitFor(() => expect(onDeleted).toHaveBeenCalled())
    expect(client.getQueryData<Project[]>(projectKeys.all)!.map((p) => p.id)).toEqual(['p2'])
  })
})
