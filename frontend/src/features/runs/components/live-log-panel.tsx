import { CircleCheck, CircleX, Radio } from 'lucide-react'
import { NextTryCountdown } from '@/components/countdown'
import { StopButton } from '@/components/stop-button'
import { Badge } from '@/components/ui/badge'
import { Sheet } from '@/components/ui/sheet'
import { Spinner } from '@/components/ui/spinner'
import { plural } from '@/lib/utils'
import type { AgentType, RunStatus } from '@/types/api'
import { useLiveLog, type LiveLogStatus } from '../hooks/use-live-log'
import { LogView } from './log-view'
import { inputUnavailableReason, TellTheAgent } from './tell-the-agent'

export interface LiveLogPanelProps {
  runId: string | null
  title: string
  agentType: AgentType
  runStatus?: RunStatus
  open: boolean
  onClose: () => void
  /** Stops the run; offered while it is queued or running. */
  onStop?: () => void
  stopping?: boolean
  attempt?: number
  maxAttempts?: number
  /** The run failed and another attempt starts then; the panel moves on to it when it does. */
  nextAttemptAt?: string | null
  /** The server's runtime and whether its running agents take messages (`GET /settings`). */
  runtime?: string
  takesInput?: boolean
}

/** The right-hand live log of one agent run. */
export function LiveLogPanel({
  runId,
  title,
  agentType,
  runStatus,
  open,
  onClose,
  onStop,
  stopping,
  attempt,
  maxAttempts,
  nextAttemptAt,
  runtime,
  takesInput,
}: LiveLogPanelProps) {
  const log = useLiveLog(open ? runId : null, { runStatus })
  return (
    <Sheet
      open={open}
      onOpenChange={(o) => !o && onClose()}
      title={title}
      width="w-[min(960px,100vw)]"
      header={
        <>
          <Badge tone={agentType === 'PLANNER' ? 'violet' : 'blue'}>{agentType === 'PLANNER' ? 'Planner' : 'Worker'}</Badge>
          <LogStatus status={runStatus === 'QUEUED' && log.status === 'streaming' ? 'queued' : log.status} />
          {attempt !== undefined && (
            <span className="text-xs text-muted tabular-nums">
              attempt {attempt}
              {maxAttempts && attempt <= maxAttempts ? ` of ${maxAttempts}` : ''}
            </span>
          )}
          {nextAttemptAt && (
            <Badge tone="amber">
              <NextTryCountdown at={nextAttemptAt} />
            </Badge>
          )}
          <span className="ml-auto text-xs text-muted tabular-nums">{plural(log.buffer.lastLine, 'line')}</span>
          {onStop && (runStatus === 'RUNNING' || runStatus === 'QUEUED') && <StopButton label="Stop this run" onStop={onStop} disabled={stopping} />}
        </>
      }
    >
      {log.error && (
        <div role="alert" className="border-b border-border bg-red-500/10 px-3 py-1.5 text-xs text-red-700 dark:text-red-300">
          {log.error}
        </div>
      )}
      <LogView buffer={log.buffer} version={log.version} emptyText={log.status === 'loading' ? 'Loading…' : 'No output yet'} />
      {runId && <TellTheAgent key={runId} runId={runId} unavailableReason={inputUnavailableReason(runStatus, runtime, takesInput)} />}
    </Sheet>
  )
}

export function LogStatus({ status }: { status: LiveLogStatus | 'queued' }) {
  switch (status) {
    case 'queued':
      return <Badge tone="neutral">Queued</Badge>
    case 'streaming':
      return (
        <Badge tone="green">
          <Radio className="animate-pulse" /> Streaming
        </Badge>
      )
    case 'complete':
      return (
        <Badge tone="neutral">
          <CircleCheck /> Complete
        </Badge>
      )
    case 'failed':
      return (
        <Badge tone="red">
          <CircleX /> Failed
        </Badge>
      )
    default:
      return <Spinner label="Loading log" />
  }
}
