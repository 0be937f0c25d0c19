import { Send } from 'lucide-react'
import { useState, type FormEvent } from 'react'
import { Button } from '@/components/ui/button'
import { FieldError, Input } from '@/components/ui/input'
import { ApiError } from '@/lib/api-client'
import type { RunStatus } from '@/types/api'
import { useSendRunMessage } from '../api/send-run-message'

/**
 * Why the shown run's agent takes no message, or null when it does: only a running agent of a runtime
 * that reads input while it works (the server's `takes_input`, i.e. acp). The same words as the run's
 * `input_unavailable_reason`.
 */
export function inputUnavailableReason(runStatus: RunStatus | undefined, runtime: string | undefined, takesInput: boolean | undefined): string | null {
  if (runStatus === 'QUEUED') return 'The agent has not started yet'
  if (runStatus !== 'RUNNING') return 'The run has ended: its agent takes no more messages'
  if (!takesInput) return `The ${runtime ?? 'configured'} runtime takes no messages while it runs (the acp and claude-code runtimes do)`
  return null
}

/** "Tell the agent…": a message to the running agent, which reads it after its current turn. */
export function TellTheAgent({ runId, unavailableReason }: { runId: string; unavailableReason: string | null }) {
  const [text, setText] = useState('')
  const send = useSendRunMessage()
  const disabled = unavailableReason !== null
  const submit = (e: FormEvent) => {
    e.preventDefault()
    const message = text.trim()
    if (!message || disabled) return
    send.mutate({ runId, text: message }, { onSuccess: () => setText('') })
  }
  const error = send.error ? (send.error instanceof ApiError ? send.error.message : 'Could not send the message') : null
  return (
    <form onSubmit={submit} className="border-t border-border px-3 py-2" aria-label="Tell the agent">
      <div className="flex gap-2">
        <Input
          aria-label="Message to the agent"
          placeholder="Tell the agent…"
          value={text}
          onChange={(e) => {
            setText(e.target.value)
            if (send.error) send.reset()
          }}
          disabled={disabled}
          title={unavailableReason ?? undefined}
          aria-describedby={disabled ? 'tell-the-agent-reason' : error ? 'tell-the-agent-error' : undefined}
          aria-invalid={!!error}
          maxLength={10_000}
        />
        <Button type="submit" disabled={disabled || send.isPending || !text.trim()}>
          <Send /> Send
        </Button>
      </div>
      {disabled && (
        <p id="tell-the-agent-reason" className="mt-1 text-xs text-muted">
          {unavailableReason}
        </p>
      )}
      <FieldError id="tell-the-agent-error">{error}</FieldError>
    </form>
  )
}
