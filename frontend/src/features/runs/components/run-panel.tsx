import { useNextAttempts } from '@/lib/events/next-attempts'
import { useServerSettings } from '@/features/settings/api/server-settings'
import type { Subtask } from '@/types/api'
import { useCancelRun } from '../api/cancel-run'
import { useWorkerRuns } from '../api/get-runs'
import type { RunPanel } from '../hooks/use-run-panel'
import { LiveLogPanel } from './live-log-panel'
import { RunHistory } from './run-history'

/** The live log panel of whatever run `useRunPanel` has on show. */
export function RunLogPanel({ projectId, panel }: { projectId: string; panel: RunPanel }) {
  const { shown } = panel
  const cancel = useCancelRun(projectId)
  const agents = useServerSettings().data?.agents
  const maxRetries = agents?.max_retries
  const nextAttempts = useNextAttempts(projectId)
  const next = shown?.owner ? nextAttempts[shown.owner] : undefined
  return (
    <LiveLogPanel
      open={!!shown}
      runId={shown?.runId ?? null}
      title={shown?.title ?? ''}
      agentType={shown?.agentType ?? 'WORKER'}
      runStatus={panel.status}
      onClose={panel.close}
      onStop={shown ? () => cancel.mutate(shown.runId) : undefined}
      stopping={cancel.isPending}
      attempt={shown?.attemptNumber}
      maxAttempts={maxRetries}
      nextAttemptAt={next && next.failedAttempt === shown?.attemptNumber ? next.at : null}
      runtime={agents?.runtime}
      takesInput={agents?.takes_input}
    />
  )
}

/** A subtask's worker attempts; each opens its log in the panel. */
export function SubtaskRunHistory({ projectId, subtask, panel }: { projectId: string; subtask: Pick<Subtask, 'id' | 'key'>; panel: RunPanel }) {
  const runs = useWorkerRuns(projectId, subtask.id)
  return <RunHistory runs={runs.data} loading={runs.isPending} onViewLog={(run) => panel.viewAttempt(run, subtask)} />
}
