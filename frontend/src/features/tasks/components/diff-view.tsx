import { FileDiff } from 'lucide-react'
import { Badge, type BadgeTone } from '@/components/ui/badge'
import { Spinner } from '@/components/ui/spinner'
import { isApiError } from '@/lib/api-client'
import { cn, plural } from '@/lib/utils'
import type { DiffFileStatus, SubtaskDiff } from '@/types/api'

const FILE_TONE: Record<DiffFileStatus, BadgeTone> = {
  added: 'green',
  modified: 'blue',
  deleted: 'red',
  renamed: 'amber',
  copied: 'violet',
}
/** Diff lines rendered at most; a bigger diff is cut with a note. */
const MAX_DIFF_LINES = 5000

function lineClass(line: string) {
  if (line.startsWith('+++') || line.startsWith('---')) return 'text-muted'
  if (line.startsWith('+')) return 'bg-emerald-500/10 text-emerald-800 dark:text-emerald-300'
  if (line.startsWith('-')) return 'bg-red-500/10 text-red-800 dark:text-red-300'
  if (line.startsWith('@@')) return 'text-sky-700 dark:text-sky-400'
  if (line.startsWith('diff --git')) return 'mt-2 border-t border-border pt-1 font-semibold text-fg'
  return 'text-muted'
}

export function DiffView({ diff, loading, error }: { diff: SubtaskDiff | undefined; loading: boolean; error: unknown }) {
  if (loading) return <Spinner label="Loading diff" />
  if (isApiError(error, 409)) return <p className="text-xs text-muted">No branch yet.</p>
  if (error) return <p className="text-xs text-danger">Could not load the diff.</p>
  if (!diff) return null
  const lines = diff.diff.split('\n')
  return (
    <div className="space-y-2">
      <p className="text-xs text-muted">
        <span className="font-mono text-fg">{diff.branch}</span> into <span className="font-mono">{diff.base_branch}</span> ·{' '}
        {plural(diff.stats.files_changed, 'file')} · <span className="text-emerald-700 dark:text-emerald-400">+{diff.stats.additions}</span>{' '}
        <span className="text-red-700 dark:text-red-400">−{diff.stats.deletions}</span>
      </p>
      <ul className="divide-y divide-border rounded-md border border-border" aria-label="Changed files">
        {diff.files.map((f) => (
          <li key={f.path} className="flex items-center gap-2 px-2 py-1 text-xs">
            <FileDiff className="size-3.5 text-muted" />
            <span className="min-w-0 flex-1 truncate font-mono">
              {f.old_path && f.old_path !== f.path ? `${f.old_path} → ${f.path}` : f.path}
            </span>
            <Badge tone={FILE_TONE[f.status] ?? 'neutral'}>{f.status}</Badge>
            {f.binary ? (
              <span className="text-muted">binary</span>
            ) : (
              <span className="tabular-nums">
                <span className="text-emerald-700 dark:text-emerald-400">+{f.additions}</span> <span className="text-red-700 dark:text-red-400">−{f.deletions}</span>
              </span>
            )}
          </li>
        ))}
      </ul>
      {/* it scrolls: focusable, so the keyboard can scroll it too (axe scrollable-region-focusable) */}
      <pre
        aria-label="Unified diff"
        // oxlint-disable-next-line jsx-a11y/no-noninteractive-tabindex -- a scrolling region must take the focus to be scrolled by keyboard
        tabIndex={0}
        className="max-h-[60vh] overflow-auto rounded-md border border-border bg-bg p-2 font-mono text-[11.5px] leading-[17px]"
      >
        {lines.slice(0, MAX_DIFF_LINES).map((l, i) => (
          <div key={i} className={cn('px-1 whitespace-pre', lineClass(l))}>
            {l || ' '}
          </div>
        ))}
      </pre>
      {(diff.truncated || lines.length > MAX_DIFF_LINES) && <p className="text-xs text-amber-700 dark:text-amber-300">The diff is too large to show in full.</p>}
    </div>
  )
}
