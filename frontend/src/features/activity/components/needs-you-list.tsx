import { Link } from 'react-router'
import { Badge, type BadgeTone } from '@/components/ui/badge'
import { InlineMarkdown } from '@/components/ui/inline-markdown'
import { followUpLabel, type FollowUpReason } from '@/lib/follow-up-reasons'
import type { NeedsYouItem, NeedsYouKind } from '@/types/api'

const KINDS: Record<NeedsYouKind, { label: string; tone: BadgeTone }> = {
  PLANNING_FAILED: { label: 'Planning failed', tone: 'red' },
  PLAN_AWAITING_APPROVAL: { label: 'Plan to approve', tone: 'violet' },
  FAILED: { label: 'Failed', tone: 'red' },
  FOLLOW_UP_LIMIT: { label: 'Follow-up limit', tone: 'amber' },
  PR_CLOSED: { label: 'Pull request closed', tone: 'amber' },
  CONFLICT: { label: 'Conflict', tone: 'amber' },
  AWAITING_APPROVAL: { label: 'Awaiting approval', tone: 'violet' },
  BUDGET_REACHED: { label: 'Budget reached', tone: 'red' },
}

function detailOf(item: NeedsYouItem) {
  if (item.kind === 'FOLLOW_UP_LIMIT') return `automatic follow-ups used up (${followUpLabel(item.detail as FollowUpReason) ?? item.detail})`
  return item.detail
}

/** Where to act on an item: the subtask's detail view, or the task's plan. */
export function needsYouLink(item: NeedsYouItem) {
  return item.subtask_id ? `/projects/${item.project_id}/subtasks/${item.subtask_id}` : `/projects/${item.project_id}/tasks/${item.task_id}`
}

/** The needs-you inbox: one row per thing that waits for the user, newest first. */
export function NeedsYouList({ items }: { items: NeedsYouItem[] }) {
  if (!items.length) return <p className="rounded-md border border-dashed border-border px-3 py-4 text-center text-xs text-muted">Nothing needs you right now.</p>
  return (
    <ul className="divide-y divide-border rounded-md border border-border" aria-label="Needs you">
      {items.map((item) => {
        const kind = KINDS[item.kind]
        const detail = detailOf(item)
        return (
          <li key={`${item.kind}-${item.subtask_id ?? item.task_id}`} className="flex flex-wrap items-center gap-2 px-3 py-2 text-[13px]">
            <Badge tone={kind.tone}>{kind.label}</Badge>
            <Link to={needsYouLink(item)} className="min-w-0 font-medium hover:underline">
              {item.subtask_key ? <span className="mr-1 text-muted">{item.subtask_key}</span> : null}
              <InlineMarkdown>{item.subtask_title ?? item.task_title}</InlineMarkdown>
            </Link>
            <span className="text-xs text-muted">
              {item.project_name}
              {item.subtask_title ? <> · <InlineMarkdown>{item.task_title}</InlineMarkdown></> : null}
            </span>
            {detail ? <span className="basis-full truncate text-xs text-muted" title={detail}>{detail}</span> : null}
          </li>
        )
      })}
    </ul>
  )
}
