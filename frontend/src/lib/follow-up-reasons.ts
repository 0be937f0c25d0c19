import type { AgentRun } from '@/types/api'

export type FollowUpReason = NonNullable<AgentRun['reason']>

/** Why a worker ran again, as the run history and the board say it. */
export const FOLLOW_UP_LABELS: Record<FollowUpReason, string> = {
  retry: 'retry',
  changes_requested: 'changes requested',
  checks_failed: 'checks failed',
  conflict: 'conflict',
}

export function followUpLabel(reason: FollowUpReason | null | undefined): string | null {
  return reason ? (FOLLOW_UP_LABELS[reason] ?? reason) : null
}
