import { Settings } from 'lucide-react'
import { useState, type FormEvent } from 'react'
import { Button } from '@/components/ui/button'
import { Dialog, DialogContent, DialogTrigger } from '@/components/ui/dialog'
import { FieldError, Input } from '@/components/ui/input'
import { ApiError } from '@/lib/api-client'
import type { Project } from '@/types/api'
import { useUpdateProject } from '../api/projects'

export const CHECK_COMMAND_MAX = 2000

/** The project's check command (run after each worker) and its cap on automatic follow-ups. */
export function ProjectSettingsDialog({ project }: { project: Project }) {
  const [open, setOpen] = useState(false)
  const [check, setCheck] = useState(project.check_command ?? '')
  const [maxFollowUps, setMaxFollowUps] = useState(String(project.max_follow_ups))
  const [error, setError] = useState<string | null>(null)
  const update = useUpdateProject(project.id)

  const submit = (e: FormEvent) => {
    e.preventDefault()
    const max = Number(maxFollowUps)
    if (!Number.isInteger(max) || max < 0 || max > 20) return setError('Follow-ups must be a whole number from 0 to 20')
    if (check.length > CHECK_COMMAND_MAX) return setError(`The check command must be at most ${CHECK_COMMAND_MAX} characters`)
    setError(null)
    update.mutate(
      { check_command: check.trim(), max_follow_ups: max },
      {
        onSuccess: () => setOpen(false),
        onError: (err) => setError(err instanceof ApiError ? err.message : 'Could not save the settings'),
      },
    )
  }

  return (
    <Dialog
      open={open}
      onOpenChange={(o) => {
        setOpen(o)
        if (o) {
          setCheck(project.check_command ?? '')
          setMaxFollowUps(String(project.max_follow_ups))
        }
        setError(null)
      }}
    >
      <DialogTrigger asChild>
        <Button variant="ghost" aria-label="Project settings">
          <Settings /> Settings
        </Button>
      </DialogTrigger>
      <DialogContent title="Project settings" description="Checks run in the worktree after each worker, like the agent.">
        <form onSubmit={submit} noValidate className="space-y-3">
          <div>
            <label htmlFor="check-command" className="mb-1 block text-xs font-medium">
              Check command
            </label>
            <Input
              id="check-command"
              value={check}
              onChange={(e) => setCheck(e.target.value)}
              placeholder="e.g. npm test (empty: no check)"
              className="font-mono"
            />
          </div>
          <div>
            <label htmlFor="max-follow-ups" className="mb-1 block text-xs font-medium">
              Automatic follow-ups per subtask
            </label>
            <Input
              id="max-follow-ups"
              value={maxFollowUps}
              onChange={(e) => setMaxFollowUps(e.target.value)}
              inputMode="numeric"
              className="w-24"
            />
          </div>
          <FieldError id="project-settings-error">{error}</FieldError>
          <div className="flex justify-end gap-2">
            <Button onClick={() => setOpen(false)}>Cancel</Button>
            <Button type="submit" variant="default" disabled={update.isPending}>
              Save
            </Button>
          </div>
        </form>
      </DialogContent>
    </Dialog>
  )
}
