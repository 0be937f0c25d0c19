import { useSortable } from '@dnd-kit/sortable'
import { CSS } from '@dnd-kit/utilities'
import { Check, GitMerge, GripVertical, Play, RotateCcw, ScrollText, ThumbsUp, Wrench } from 'lucide-react'
import { NextTryCountdown } from '@/components/countdown'
import { StopButton } from '@/components/stop-button'
import { Badge } from '@/components/ui/badge'
import { Button } from '@/components/ui/button'
import { InlineMarkdown } from '@/components/ui/inline-markdown'
import { Spinner } from '@/components/ui/spinner'
import { inlinePlainText } from '@/lib/inline-markdown'
import { PLAN_AWAITS_APPROVAL } from '@/lib/plan-approval'
import { cn, formatCost, formatTokens } from '@/lib/utils'
import type { ActiveRun, Subtask } from '@/types/api'
import { Elapsed } from './elapsed'
import { ChecksRow } from './forge-checks'
import { PrLink } from './pr-link'

export interface SubtaskActions {
  onOpen: (s: Subtask) => void
  onStart: (s: Subtask) => void
  onMerge: (s: Subtask) => void
  onMarkMerged: (s: Subtask) => void
  onRetry: (s: Subtask) => void
  /** Sends a branch that conflicts with the default branch back to its worker (see `canResolve`). */
  onResolve?: (s: Subtask) => void
  onViewLogs: (s: Subtask) => void
  /** Stops the subtask's queued or running worker run. */
  onStop?: (s: Subtask, run: ActiveRun) => void
  isBusy: (s: Subtask) => boolean
  /** The project's default branch, named in merge states ("conflicts with main"). */
  defaultBranch?: string
}

/** Failed, out of follow-ups or its pull request closed: blocked on the user, not on other subtasks. */
export function needsUser(s: Subtask) {
  return s.status === 'BLOCKED' && s.blocked_reason !== 'DEPENDENCY'
}

/** "conflicts with main in 2 files" for a conflicted subtask, else null. */
export function conflictSummary(s: Subtask, defaultBranch = 'the default branch'): string | null {
  if (s.merge_state !== 'conflicted') return null
  const n = s.conflict_files.length
  return `conflicts with ${defaultBranch} in ${n} file${n === 1 ? '' : 's'}`
}

/** Why a completed subtask cannot be merged now (with the files), or null when it can. */
export function mergeBlocker(s: Subtask, defaultBranch?: string): string | null {
  const summary = conflictSummary(s, defaultBranch)
  if (!summary) return null
  const files = s.conflict_files.length ? `: ${s.conflict_files.join(', ')}` : ''
  return `${summary.charAt(0).toUpperCase()}${summary.slice(1)}${files}`
}

/** The Merge button: disabled, with the reason, while the branch conflicts. */
export function MergeButton({ s, busy, onMerge, defaultBranch }: { s: Subtask; busy: boolean; onMerge: (s: Subtask) => void; defaultBranch?: string }) {
  const blocker = mergeBlocker(s, defaultBranch)
  return (
    <Button size="sm" variant="default" onClick={() => onMerge(s)} disabled={busy || !!blocker} title={blocker ?? `Merge into ${defaultBranch ?? 'the default branch'}`} aria-label={`Merge ${s.key}`}>
      <GitMerge /> Merge
    </Button>
  )
}

/**
 * Whether Resolve applies: a completed branch that conflicts with the default branch, or one whose
 * automatic conflict follow-ups ran out (BLOCKED/FOLLOW_UP_LIMIT with a `conflict` cause).
 */
export function canResolve(s: Subtask): boolean {
  if (s.status === 'COMPLETED') return s.merge_state === 'conflicted'
  return s.status === 'BLOCKED' && s.blocked_reason === 'FOLLOW_UP_LIMIT' && s.follow_up_reason === 'conflict'
}

/** Resolve: the worker merges the default branch into its branch and settles the conflict. */
export function ResolveButton({ s, busy, onResolve, defaultBranch }: { s: Subtask; busy: boolean; onResolve: (s: Subtask) => void; defaultBranch?: string }) {
  return (
    <Button
      size="sm"
      variant="outline"
      onClick={() => onResolve(s)}
      disabled={busy}
      title={`Send back to the worker to resolve the conflict with ${defaultBranch ?? 'the default branch'}`}
      aria-label={`Resolve ${s.key}`}
    >
      <Wrench /> Resolve
    </Button>
  )
}

/** Approve: lets an autopilot merge the work where the project requires approval; shows when it was approved. */
export function ApproveButton({ s, busy, onApprove }: { s: Subtask; busy: boolean; onApprove: (s: Subtask) => void }) {
  if (s.approved_at) {
    return (
      <Badge tone="green" title={`Approved ${new Date(s.approved_at).toLocaleString()}`}>
        <ThumbsUp className="size-3" /> Approved
      </Badge>
    )
  }
  return (
    <Button size="sm" variant="ghost" onClick={() => onApprove(s)} disabled={busy} aria-label={`Approve ${s.key}`} title="Approve this work">
      <ThumbsUp /> Approve
    </Button>
  )
}

export interface SubtaskCardProps {
  subtask: Subtask
  taskLabel: string
  hint: string | null
  run: ActiveRun | undefined
  actions: SubtaskActions
  containerId: string
  /** Why a subtask that needs the user failed (its last run's error). */
  failure?: string | null
  retry?: RetryInfo
  /** Its task's plan awaits approval: it cannot start yet, and the card says why. */
  planAwaitsApproval?: boolean
}

/** The attempts an agent gets (m of "attempt n of m") and when its next one starts, if one is due. */
export interface RetryInfo {
  max?: number
  nextAttemptAt?: string | null
}

export function SubtaskCard({ subtask: s, taskLabel, hint, run, actions, containerId, failure, retry, planAwaitsApproval = false }: SubtaskCardProps) {
  const { attributes, listeners, setNodeRef, setActivatorNodeRef, transform, transition, isDragging } = useSortable({
    id: s.id,
    data: { containerId, subtask: s },
  })
  // out of attempts, out of automatic follow-ups, or its pull request closed unmerged: the user must act
  const prClosed = s.status === 'BLOCKED' && s.blocked_reason === 'PR_CLOSED'
  const failed = needsUser(s)
  // the server's word when it has one (a closed pull request, a reached budget), else the last run's error
  const reason = prClosed || (s.status === 'BLOCKED' && s.blocked_detail) ? s.blocked_detail : failure
  const busy = actions.isBusy(s)
  return (
    <article
      ref={setNodeRef}
      style={{ transform: CSS.Translate.toString(transform), transition }}
      aria-label={`${s.key} ${inlinePlainText(s.title)}`}
      // j/k focus the card itself (see Board); Tab goes through its title and buttons, not one more stop per card
      tabIndex={-1}
      data-subtask={s.key}
      data-subtask-id={s.id}
      data-status={s.status}
      className={cn(
        'group rounded-md border border-border bg-raised p-2 shadow-sm focus-visible:ring-2 focus-visible:ring-accent focus-visible:outline-none',
        isDragging && 'z-10 opacity-70 ring-1 ring-accent',
        failed && 'border-red-500/40',
        s.status === 'IN_PROGRESS' && 'border-amber-500/40',
      )}
    >
      <div className="flex items-start gap-1">
        <button
          ref={setActivatorNodeRef}
          {...attributes}
          {...listeners}
          aria-label={`Reorder ${s.key}`}
          className="-ml-1 cursor-grab rounded p-0.5 text-muted/50 hover:text-muted active:cursor-grabbing"
        >
          <GripVertical className="size-3.5" />
        </button>
        <button
          onClick={() => actions.onOpen(s)}
          className="min-w-0 flex-1 text-left text-[13px] leading-snug font-medium hover:underline"
        >
          <InlineMarkdown>{s.title}</InlineMarkdown>
        </button>
      </div>
      <div className="mt-1.5 flex flex-wrap items-center gap-1">
        <Badge tone="neutral" className="font-mono">
          {s.key}
        </Badge>
        <Badge tone="neutral" className="max-w-36 min-w-0" title={taskLabel}>
          <span className="truncate">{taskLabel}</span>
        </Badge>
        {failed && <Badge tone="red">{prClosed ? 'PR closed' : s.retry_count > 1 ? `${s.retry_count} attempts failed` : 'Failed'}</Badge>}
        {s.retry_count > 0 && s.status === 'IN_PROGRESS' && (
          <Badge tone="amber">
            attempt {s.retry_count + 1}
            {retry?.max ? ` of ${retry.max}` : ''}
          </Badge>
        )}
        {hint && <span className="text-[11px] text-muted">{hint}</span>}
        {s.token_usage > 0 && (
          <span className="ml-auto text-[11px] text-muted tabular-nums" title="tokens used by its agents">
            {formatTokens(s.token_usage)} tok
            {s.cost_usd != null && ` · ${formatCost(s.cost_usd)}`}
          </span>
        )}
      </div>
      {failed && reason && (
        <p className="mt-1 line-clamp-3 text-[11px] break-words text-red-700 dark:text-red-300" title={reason}>
          {reason}
        </p>
      )}
      {s.status === 'IN_PROGRESS' && !run && retry?.nextAttemptAt && (
        <p className="mt-1 text-[11px] text-amber-700 dark:text-amber-300">
          <NextTryCountdown at={retry.nextAttemptAt} />
        </p>
      )}
      <CardActions s={s} run={run} busy={busy} failed={failed} actions={actions} planAwaitsApproval={planAwaitsApproval} />
    </article>
  )
}

/** What can be done with a subtask now, by its status: on its card and in its detail view. */
export function CardActions({ s, run, busy, failed, actions, planAwaitsApproval }: { s: Subtask; run: ActiveRun | undefined; busy: boolean; failed: boolean; actions: SubtaskActions; planAwaitsApproval: boolean }) {
  switch (s.status) {
    case 'READY':
      return (
        <div className="mt-2 flex flex-wrap items-center gap-x-2 gap-y-1">
          <Button
            size="sm"
            variant="default"
            onClick={() => actions.onStart(s)}
            disabled={busy || planAwaitsApproval}
            aria-label={`Start ${s.key}`}
            aria-describedby={planAwaitsApproval ? `plan-waits-${s.id}` : undefined}
            title={planAwaitsApproval ? PLAN_AWAITS_APPROVAL : undefined}
          >
            <Play /> Start
          </Button>
          {planAwaitsApproval && (
            <span id={`plan-waits-${s.id}`} className="text-[11px] text-amber-700 dark:text-amber-300">
              {PLAN_AWAITS_APPROVAL}
            </span>
          )}
        </div>
      )
    case 'IN_PROGRESS':
      return (
        <div className="mt-2 flex flex-wrap items-center gap-x-2 gap-y-1 text-xs text-muted">
          {run?.status === 'QUEUED' ? (
            <Badge tone="neutral">Queued</Badge>
          ) : (
            <>
              <Spinner label={`${s.key} running`} className="text-amber-600 dark:text-amber-400" />
              <Elapsed since={run?.started_at ?? s.updated_at} />
            </>
          )}
          <Button size="sm" variant="ghost" className="ml-auto" onClick={() => actions.onViewLogs(s)} aria-label={`View logs of ${s.key}`}>
            <ScrollText /> View Logs
          </Button>
          {run && actions.onStop && <StopButton label={`Stop ${s.key}`} onStop={() => actions.onStop?.(s, run)} />}
        </div>
      )
    case 'COMPLETED': {
      const conflict = conflictSummary(s, actions.defaultBranch)
      return (
        <div className="mt-2 space-y-1.5">
          {conflict && (
            <Badge tone="red" className="max-w-full" title={mergeBlocker(s, actions.defaultBranch) ?? undefined}>
              <span className="truncate">{conflict}</span>
            </Badge>
          )}
          {s.approved_at && (
            <Badge tone="green" className="ml-1">
              <ThumbsUp className="size-3" /> Approved
            </Badge>
          )}
          <ChecksRow checks={s.checks} />
          <div className="flex flex-wrap items-center gap-x-2 gap-y-1">
            {s.pr_url && <PrLink url={s.pr_url} number={s.pr_number} />}
            {/* named from its text, "Mark s2 merged": the visible words stay in the name (WCAG 2.5.3) */}
            <Button size="sm" variant="ghost" className="ml-auto" onClick={() => actions.onMarkMerged(s)} disabled={busy} title="Record work merged outside the app">
              <Check /> Mark <span className="sr-only">{s.key}</span> merged
            </Button>
            {actions.onResolve && canResolve(s) && <ResolveButton s={s} busy={busy} onResolve={actions.onResolve} defaultBranch={actions.defaultBranch} />}
            <MergeButton s={s} busy={busy} onMerge={actions.onMerge} defaultBranch={actions.defaultBranch} />
          </div>
        </div>
      )
    }
    case 'MERGED':
      return s.pr_url ? (
        <div className="mt-2">
          <PrLink url={s.pr_url} number={s.pr_number} />
        </div>
      ) : null
    case 'BLOCKED':
      return failed ? (
        <div className="mt-2 flex flex-wrap items-center gap-x-2 gap-y-1">
          <Button size="sm" variant="danger" onClick={() => actions.onRetry(s)} disabled={busy} aria-label={`Retry ${s.key}`}>
            <RotateCcw /> Retry
          </Button>
          {actions.onResolve && canResolve(s) && <ResolveButton s={s} busy={busy} onResolve={actions.onResolve} defaultBranch={actions.defaultBranch} />}
          <Button size="sm" variant="ghost" onClick={() => actions.onViewLogs(s)} aria-label={`View logs of ${s.key}`}>
            <ScrollText /> View Logs
          </Button>
        </div>
      ) : null
    default:
      return null
  }
}
