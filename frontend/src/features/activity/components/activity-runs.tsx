import { Link } from 'react-router'
import { Badge } from '@/components/ui/badge'
import { InlineMarkdown } from '@/components/ui/inline-markdown'
import { Elapsed } from '@/features/tasks/components/elapsed'
import { followUpLabel, type FollowUpReason } from '@/lib/follow-up-reasons'
import { formatTokens } from '@/lib/utils'
import type { ActivityRun } from '@/types/api'

/** The board of the run's project with the run's live log open (the board reads `?logs=`). */
export function liveLogLink(run: ActivityRun) {
  return `/projects/${run.project_id}?logs=${run.subtask_id ?? run.task_id}`
}

/** Every queued and running agent of the user's projects, oldest first. */
export function ActivityRuns({ runs, maxRetries }: { runs: ActivityRun[]; maxRetries?: number }) {
  if (!runs.length) return <p className="rounded-md border border-dashed border-border px-3 py-4 text-center text-xs text-muted">No agent is running or queued.</p>
  return (
    <table className="w-full text-left text-[13px]" aria-label="Running and queued agents">
      <thead className="text-xs text-muted">
        <tr>
          <th className="px-2 py-1 font-normal">Agent</th>
          <th className="px-2 py-1 font-normal">Working on</th>
          <th className="px-2 py-1 font-normal">Project</th>
          <th className="px-2 py-1 font-normal">Attempt</th>
          <th className="px-2 py-1 font-normal">Elapsed</th>
          <th className="px-2 py-1 font-normal">Tokens</th>
          <th className="px-2 py-1 font-normal"><span className="sr-only">Log</span></th>
        </tr>
      </thead>
      <tbody className="divide-y divide-border">
        {runs.map((run) => (
          <tr key={run.run_id}>
            <td className="px-2 py-1.5">
              <Badge tone={run.status === 'RUNNING' ? 'amber' : 'neutral'}>
                {run.agent_type === 'PLANNER' ? 'Planner' : 'Worker'} · {run.status === 'RUNNING' ? 'running' : 'queued'}
              </Badge>
            </td>
            <td className="max-w-80 truncate px-2 py-1.5">
              {run.subtask_key ? <span className="mr-1 text-muted">{run.subtask_key}</span> : null}
              <InlineMarkdown>{run.subtask_title ?? run.task_title}</InlineMarkdown>
              {run.reason ? <span className="ml-1 text-xs text-muted">({followUpLabel(run.reason as FollowUpReason) ?? run.reason})</span> : null}
            </td>
            <td className="px-2 py-1.5 text-muted">{run.project_name}</td>
            <td className="px-2 py-1.5 tabular-nums">
              {run.attempt_number}
              {maxRetries ? ` of ${maxRetries}` : ''}
            </td>
            <td className="px-2 py-1.5 text-muted">{run.status === 'RUNNING' ? <Elapsed since={run.started_at} /> : '—'}</td>
            <td className="px-2 py-1.5 tabular-nums text-muted">{run.token_usage ? formatTokens(run.token_usage) : '—'}</td>
            <td className="px-2 py-1.5">
              <Link to={liveLogLink(run)} className="text-xs text-accent hover:underline">
                Live log<span className="sr-only"> of {run.subtask_key ?? run.task_title}</span>
              </Link>
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  )
}
