import { MessageSquareWarning } from 'lucide-react'
import { useState, type FormEvent } from 'react'
import { Button } from '@/components/ui/button'
import { FieldError, Input, Textarea } from '@/components/ui/input'
import { ApiError } from '@/lib/api-client'
import type { Subtask } from '@/types/api'
import { useRequestChanges } from '../api/subtask-mutations'

export const COMMENT_MAX = 20_000

/**
 * The review of finished work: a comment (and optionally one file:line comment) sent back to the
 * worker, which runs again on the same branch.
 */
export function RequestChangesForm({ projectId, subtask }: { projectId: string; subtask: Subtask }) {
  const [comment, setComment] = useState('')
  const [path, setPath] = useState('')
  const [line, setLine] = useState('')
  const [error, setError] = useState<string | null>(null)
  const request = useRequestChanges(projectId)

  const submit = (e: FormEvent) => {
    e.preventDefault()
    const text = comment.trim()
    if (!text) return setError('Write what should change')
    if (text.length > COMMENT_MAX) return setError(`At most ${COMMENT_MAX} characters`)
    const lineNumber = line.trim() ? Number(line) : undefined
    if (lineNumber !== undefined && (!Number.isInteger(lineNumber) || lineNumber < 1)) return setError('Line must be 1 or more')
    setError(null)
    const comments = path.trim() ? [{ path: path.trim(), line: lineNumber, body: text }] : undefined
    request.mutate(
      { subtask, comment: text, comments },
      {
        onSuccess: () => {
          setComment('')
          setPath('')
          setLine('')
        },
        onError: (err) => setError(err instanceof ApiError ? err.message : 'Could not request changes'),
      },
    )
  }

  return (
    <form onSubmit={submit} noValidate className="space-y-2" aria-label="Request changes">
      <label htmlFor="review-comment" className="sr-only">
        Review comment
      </label>
      <Textarea
        id="review-comment"
        value={comment}
        onChange={(e) => setComment(e.target.value)}
        placeholder="What should the agent change?"
        aria-invalid={!!error}
        aria-describedby={error ? 'review-comment-error' : undefined}
      />
      <div className="flex gap-2">
        <label htmlFor="review-path" className="sr-only">
          File (optional)
        </label>
        <Input id="review-path" value={path} onChange={(e) => setPath(e.target.value)} placeholder="File (optional)" />
        <label htmlFor="review-line" className="sr-only">
          Line (optional)
        </label>
        <Input
          id="review-line"
          value={line}
          onChange={(e) => setLine(e.target.value)}
          placeholder="Line"
          inputMode="numeric"
          className="w-20"
        />
      </div>
      <FieldError id="review-comment-error">{error}</FieldError>
      <div className="flex justify-end">
        <Button type="submit" variant="danger" disabled={request.isPending}>
          <MessageSquareWarning /> Request changes
        </Button>
      </div>
    </form>
  )
}
