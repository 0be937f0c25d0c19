import { toast } from 'sonner'
import { ConfirmDialog } from '@/components/confirm-dialog'
import { deletionProblem, DeletionProblem } from '@/components/unpushed-work'
import { inlinePlainText } from '@/lib/inline-markdown'
import { plural } from '@/lib/utils'
import type { Subtask, Task } from '@/types/api'
import { useDeleteTask } from '../api/task-mutations'

/** Confirms deleting a task and says what goes with it. */
export function DeleteTaskDialog({ projectId, task, subtasks, onClose }: { projectId: string; task: Task | null; subtasks: Subtask[]; onClose: () => void }) {
  const remove = useDeleteTask(projectId)
  const own = task ? subtasks.filter((s) => s.task_id === task.id) : []
  const running = own.filter((s) => s.status === 'IN_PROGRESS').length
  const problem = deletionProblem(remove.error)
  return (
    <ConfirmDialog
      open={!!task}
      onOpenChange={(o) => {
        if (!o) {
          remove.reset()
          onClose()
        }
      }}
      title={`Delete task “${inlinePlainText(task?.title ?? '')}”?`}
      confirmLabel={problem?.unpushed ? 'Delete and lose those commits' : 'Delete task'}
      pending={remove.isPending}
      onConfirm={() =>
        task &&
        remove.mutate({ taskId: task.id, discardUnpushed: !!problem?.unpushed }, {
          onSuccess: () => {
            toast.success(`Deleted “${inlinePlainText(task.title)}”`)
            onClose()
          },
        })
      }
    >
      <p>This deletes, for good:</p>
      <ul className="list-disc pl-5 text-muted">
        <li>the task, its description and plan</li>
        <li>{plural(own.length, 'subtask')} with every agent run and log</li>
        {(running > 0 || task?.status === 'PLANNING') && <li>the agents working on it now: they are stopped first</li>}
        <li>its worktrees (if one holds commits that were never pushed, you are asked again)</li>
      </ul>
      <p className="text-muted">Branches and pull requests already pushed stay where they are.</p>
      <DeletionProblem problem={problem} />
    </ConfirmDialog>
  )
}
