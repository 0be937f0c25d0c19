import { ScrollText } from 'lucide-react'
import { Badge, type BadgeTone } from '@/components/ui/badge'
import { Button } from '@/components/ui/button'
import { Spinner } from '@/components/ui/spinner'
import { followUpLabel } from '@/lib/follow-up-reasons'
import { formatCost, formatDuration, formatTokens } from '@/lib/utils'
import type { AgentRun, RunStatus } from '@/types/api'

const STATUS: Record<RunStatus, { label: string; tone: BadgeTone }> = {
  QUEUED: { label: 'Queued', tone: 'neutral' },
  RUNNING: { label: 'Running', tone: 'blue' },
  SUCCEEDED: { label: 'Succeeded', tone: 'green' },
  FAILED: { label: 'Failed', tone: 'red' },
}

export function RunStatusBadge({ status }: { status: RunStatus }) {
  const s = STATUS[status] ?? { label: status, tone: 'neutral' as const }
  return <Badge tone={s.tone}>{s.label}</Badge>
}

/**
 * Whether the attempt continued an earlier run's agent session or started a fresh one; nothing
 * before it started (the runtime is known from then on).
 */
function SessionLabel({ run }: { run: AgentRun }) {
  if (!run.runtime) return null
  const resumed = run.resumed_session_id
  return (
    <span
      className="ml-1.5 rounded bg-raised px-1 py-0.5 text-[11px] text-muted"
      title={resumed ? `Resumed session ${resumed} of the attempt before` : `A fresh ${run.runtime} session`}
    >
      {resumed ? 'resumed session' : 'fresh session'}
    </span>
  )
}

/** Attempts of one agent, newest first, each with its log. */
export function RunHistory({
  runs,
  loading,
  onViewLog,
}: {
  runs: AgentRun[] | undefined
  loading?: boolean
  onViewLog: (run: AgentRun) => void
}) {
  if (loading) return <Spinner label="Loading runs" />
  if (!runs?.length) return <p className="text-xs text-muted">No runs yet.</p>
  const sorted = [...runs].sort((a, b) => b.attempt_number - a.attempt_number)
  return (
    <table className="w-full text-xs">
      <thead className="text-left text-muted">
        <tr>
          <th className="py-1 font-medium">#</th>
          <th className="py-1 font-medium">Status</th>
          <th className="py-1 font-medium">Duration</th>
          <th className="py-1 font-medium">Tokens</th>
          <th className="py-1 font-medium">Model · cost</th>
          <th className="py-1 font-medium">Error</th>
          <th className="py-1">
            <span className="sr-only">Log</span>
          </th>
        </tr>
      </thead>
      <tbody>
        {sorted.map((run) => (
          <tr key={run.id} className="border-t border-border align-top">
            <td className="py-1.5 tabular-nums">
              {run.attempt_number}
              {run.reason && (
                <span className="ml-1.5 rounded bg-raised px-1 py-0.5 text-[11px] text-muted" title="Why this attempt ran">
                  {followUpLabel(run.reason)}
                </span>
              )}
              <SessionLabel run={run} />
            </td>
            <td className="py-1.5">
              <RunStatusBadge status={run.status} />
            </td>
            <td className="py-1.5 tabular-nums">{formatDuration(run.duration_ms)}</td>
            <td className="py-1.5 tabular-nums">{formatTokens(run.token_usage)}</td>
            <td className="max-w-40 py-1.5 break-words">
              <span className="text-muted">{run.model ?? '—'}</span>
              {run.cost_usd != null && <span className="tabular-nums"> · {formatCost(run.cost_usd)}</span>}
            </td>
            <td className="max-w-56 py-1.5 break-words text-red-700 dark:text-red-300">{run.error_message ?? ''}</td>
            <td className="py-1 text-right">
              <Button size="sm" variant="ghost" onClick={() => onViewLog(run)} aria-label={`View log of attempt ${run.attempt_number}`}>
                <ScrollText /> Log
              </Button>
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  )
}
