import { FolderPlus } from 'lucide-react'
import { useState, type FormEvent } from 'react'
import { Button } from '@/components/ui/button'
import { Dialog, DialogContent, DialogTrigger } from '@/components/ui/dialog'
import { FieldError, Input } from '@/components/ui/input'
import { ApiError } from '@/lib/api-client'
import { useCreateProject } from '../api/projects'

export const REPO_URL_MAX = 2000

export function validateRepoUrl(value: string): string | null {
  const v = value.trim()
  if (!v) return 'Repository is required'
  if (v.length > REPO_URL_MAX) return `Repository must be at most ${REPO_URL_MAX} characters`
  return null
}

/** Add a repository as a project; the server's refusal (not a repository, no commit…) shows inline. */
export function AddProjectDialog({ onCreated }: { onCreated?: (id: string) => void }) {
  const [open, setOpen] = useState(false)
  const [repoUrl, setRepoUrl] = useState('')
  const [error, setError] = useState<string | null>(null)
  const create = useCreateProject()

  const submit = (e: FormEvent) => {
    e.preventDefault()
    const invalid = validateRepoUrl(repoUrl)
    setError(invalid)
    if (invalid) return
    create.mutate(repoUrl.trim(), {
      onSuccess: (p) => {
        setOpen(false)
        setRepoUrl('')
        onCreated?.(p.id)
      },
      onError: (err) => setError(err instanceof ApiError ? err.message : 'Could not add the project'),
    })
  }

  return (
    <Dialog
      open={open}
      onOpenChange={(o) => {
        setOpen(o)
        if (!o) setError(null)
      }}
    >
      <DialogTrigger asChild>
        <Button variant="default">
          <FolderPlus /> Add project
        </Button>
      </DialogTrigger>
      <DialogContent title="Add project" description="A GitHub URL, a local repository path or a file:// URL.">
        <form onSubmit={submit} noValidate className="space-y-3">
          <div>
            <label htmlFor="repo-url" className="mb-1 block text-xs font-medium">
              Repository
            </label>
            <Input
              id="repo-url"
              value={repoUrl}
              onChange={(e) => setRepoUrl(e.target.value)}
              placeholder="https://github.com/owner/repo or /path/to/repo"
              aria-invalid={!!error}
              aria-describedby={error ? 'repo-url-error' : undefined}
              autoFocus
            />
            <FieldError id="repo-url-error">{error}</FieldError>
          </div>
          <div className="flex justify-end gap-2">
            <Button onClick={() => setOpen(false)}>Cancel</Button>
            <Button type="submit" variant="default" disabled={create.isPending}>
              Add project
            </Button>
          </div>
        </form>
      </DialogContent>
    </Dialog>
  )
}
