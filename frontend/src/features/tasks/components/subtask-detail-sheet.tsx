import type { ReactNode } from 'react'
import { Badge } from '@/components/ui/badge'
import { InlineMarkdown } from '@/components/ui/inline-markdown'
import { Markdown } from '@/components/ui/markdown'
import { Sheet } from '@/components/ui/sheet'
import { followUpLabel } from '@/lib/follow-up-reasons'
import { formatCost, formatTokens } from '@/lib/utils'
import type { Subtask } from '@/types/api'
import { useDiff } from '../api/get-diff'
import { COLUMNS } from './board-columns'
import { DiffView } from './diff-view'
import { ChecksList } from './forge-checks'
import { PrLink } from './pr-link'
import { RequestChangesForm } from './request-changes-form'
import { canResolve, mergeBlocker, ResolveButton } from './subtask-card'

export interface SubtaskDetailSheetProps {
  projectId: string
  subtask: Subtask | undefined
  open: boolean
  onClose: () => void
  /** The run history, rendered by the caller (it belongs to the runs feature). */
  runs: ReactNode
  actions?: ReactNode
  /** Sends a conflicted branch back to its worker; offered in the review area when it applies. */
  onResolve?: (s: Subtask) => void
  resolving?: boolean
  /** The project's default branch, named in the conflict. */
  defaultBranch?: string
}

function Section({ title, children }: { title: string; children: ReactNode }) {
  return (
    <section className="space-y-1.5">
      <h3 className="text-xs font-semibold tracking-wide text-muted uppercase">{title}</h3>
      {children}
    </section>
  )
}

/** A subtask in full: spec, plan, branch, PR, the diff of finished work, and its runs. */
export function SubtaskDetailSheet({ projectId, subtask, open, onClose, runs, actions, onResolve, resolving = false, defaultBranch }: SubtaskDetailSheetProps) {
  const hasWork = !!subtask && (subtask.status === 'COMPLETED' || subtask.status === 'MERGED')
  const diff = useDiff(projectId, subtask?.id ?? '', open && hasWork)
  const column = COLUMNS.find((c) => c.id === subtask?.status)
  return (
    <Sheet
      open={open}
      onOpenChange={(o) => !o && onClose()}
      title={
        subtask ? (
          <>
            {subtask.key} · <InlineMarkdown>{subtask.title}</InlineMarkdown>
          </>
        ) : (
          'Subtask'
        )
      }
      header={
        subtask && (
          <>
            <Badge tone={subtask.blocked_reason === 'FAILURE' || subtask.blocked_reason === 'FOLLOW_UP_LIMIT' ? 'red' : 'neutral'}>
              {column?.title ?? subtask.status}
              {subtask.blocked_reason === 'FOLLOW_UP_LIMIT'
                ? ` · needs you (${followUpLabel(subtask.follow_up_reason) ?? 'follow-ups'})`
                : subtask.blocked_reason
                  ? ` · ${subtask.blocked_reason.toLowerCase()}`
                  : ''}
            </Badge>
            {actions}
          </>
        )
      }
    >
      {!subtask ? (
        <p className="p-4 text-xs text-muted">Loading…</p>
      ) : (
        <div className="min-h-0 flex-1 space-y-5 overflow-y-auto p-4">
          <div className="flex flex-wrap items-center gap-3 text-xs text-muted">
            {subtask.branch_name && (
              <span>
                Branch <span className="font-mono text-fg">{subtask.branch_name}</span>
              </span>
            )}
            {subtask.pr_url && <PrLink url={subtask.pr_url} number={subtask.pr_number} />}
            <span>Tokens {formatTokens(subtask.token_usage)}</span>
            {subtask.cost_usd != null && <span>Cost {formatCost(subtask.cost_usd)}</span>}
            {subtask.retry_count > 0 && <span>Retries {subtask.retry_count}</span>}
          </div>
          <Section title="Spec">
            <Markdown>{subtask.spec}</Markdown>
          </Section>
          <Section title="Implementation plan">
            <Markdown>{subtask.implementation_plan}</Markdown>
          </Section>
          {hasWork && (
            <Section title="Changes">
              <DiffView diff={diff.data} loading={diff.isPending} error={diff.error} />
            </Section>
          )}
          {subtask.status === 'COMPLETED' && subtask.checks.length > 0 && (
            <Section title="Checks">
              <ChecksList checks={subtask.checks} />
            </Section>
          )}
          {(subtask.status === 'COMPLETED' || subtask.blocked_reason === 'FOLLOW_UP_LIMIT') && (
            <Section title="Review">
              {onResolve && canResolve(subtask) && (
                <div className="flex items-center gap-2 rounded border border-red-500/25 bg-red-500/10 px-2 py-1.5 text-xs">
                  <span className="min-w-0 flex-1 text-red-700 dark:text-red-300">
                    {mergeBlocker(subtask, defaultBranch) ?? `Still conflicts with ${defaultBranch ?? 'the default branch'}: the automatic follow-ups ran out`}
                  </span>
                  <ResolveButton s={subtask} busy={resolving} onResolve={onResolve} defaultBranch={defaultBranch} />
                </div>
              )}
              <RequestChangesForm projectId={projectId} subtask={subtask} />
            </Section>
          )}
          <Section title="Runs">{runs}</Section>
        </div>
      )}
    </Sheet>
  )
}
