import { toast } from 'sonner'
import { ConfirmDialog } from '@/components/confirm-dialog'
import { deletionProblem, DeletionProblem } from '@/components/unpushed-work'
import { plural } from '@/lib/utils'
import type { Project } from '@/types/api'
import { projectName, useDeleteProject } from '../api/projects'

export interface DeleteProjectDialogProps {
  project: Project | undefined
  open: boolean
  taskCount: number
  subtaskCount: number
  onClose: () => void
  onDeleted: () => void
}

/** Confirms deleting a project and says what goes with it. */
export function DeleteProjectDialog({ project, open, taskCount, subtaskCount, onClose, onDeleted }: DeleteProjectDialogProps) {
  const name = project ? projectName(project) : ''
  const remove = useDeleteProject({
    onDeleted: () => {
      toast.success(`Deleted “${name}”`)
      onDeleted()
    },
  })
  const problem = deletionProblem(remove.error)
  return (
    <ConfirmDialog
      open={open && !!project}
      onOpenChange={(o) => {
        if (!o) {
          remove.reset()
          onClose()
        }
      }}
      title={`Delete project “${name}”?`}
      confirmLabel={problem?.unpushed ? 'Delete and lose those commits' : 'Delete project'}
      pending={remove.isPending}
      onConfirm={() => project && remove.mutate({ projectId: project.id, discardUnpushed: !!problem?.unpushed })}
    >
      <p>This deletes, for good:</p>
      <ul className="list-disc pl-5 text-muted">
        <li>
          {plural(taskCount, 'task')} and {plural(subtaskCount, 'subtask')}, with every agent run and log
        </li>
        <li>the agents working in it now: they are stopped first</li>
        <li>its clone and worktrees on this server (if one holds commits that were never pushed, you are asked again)</li>
      </ul>
      <p className="text-muted">The repository it was added from is not touched.</p>
      <DeletionProblem problem={problem} />
    </ConfirmDialog>
  )
}
