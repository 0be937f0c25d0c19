import { CircleCheck, CircleDashed, CircleMinus, CircleX } from 'lucide-react'
import { cn } from '@/lib/utils'
import type { ForgeCheck } from '@/types/api'

/** GitHub's conclusions that mean a check did not pass (the server lists these first, too). */
const FAILED = new Set(['failure', 'timed_out', 'cancelled', 'action_required', 'startup_failure'])

type Outcome = 'failed' | 'running' | 'passed' | 'other'

/** What a check came to: running until completed; then failed, passed (success) or other (neutral, skipped, stale). */
export function checkOutcome(c: ForgeCheck): Outcome {
  if (c.status !== 'completed') return 'running'
  if (c.conclusion && FAILED.has(c.conclusion)) return 'failed'
  return c.conclusion === 'success' ? 'passed' : 'other'
}

/** A check's state in words: "failed", "timed out", "queued", "running", "passed", "skipped", … */
export function checkLabel(c: ForgeCheck): string {
  switch (checkOutcome(c)) {
    case 'running':
      return c.status === 'queued' ? 'queued' : 'running'
    case 'passed':
      return 'passed'
    case 'failed':
      return c.conclusion === 'failure' ? 'failed' : (c.conclusion ?? 'failed').replaceAll('_', ' ')
    case 'other':
      return (c.conclusion ?? 'done').replaceAll('_', ' ')
  }
}

function plural(n: number, word: string) {
  return `${n} ${word}${n === 1 ? '' : 's'}`
}

/**
 * The card's one line about its checks: any failure names the failed checks (red); else what still
 * runs (amber); else how many passed (green). Null when there are none.
 */
export function checksSummary(checks: ForgeCheck[]): { tone: 'red' | 'amber' | 'green'; text: string } | null {
  if (checks.length === 0) return null
  const failed = checks.filter((c) => checkOutcome(c) === 'failed')
  const running = checks.filter((c) => checkOutcome(c) === 'running').length
  if (failed.length > 0) return { tone: 'red', text: `${failed.map((c) => c.name).join(', ')} failed` }
  const done = checks.length - running
  if (running > 0) return { tone: 'amber', text: `${running} running${done > 0 ? `, ${done} done` : ''}` }
  return { tone: 'green', text: `${plural(checks.length, 'check')} passed` }
}

const toneClass = {
  red: 'text-red-600 dark:text-red-300',
  amber: 'text-amber-700 dark:text-amber-300',
  green: 'text-emerald-700 dark:text-emerald-400',
}

const icons = { red: CircleX, amber: CircleDashed, green: CircleCheck }

/** A completed card's checks row; the full list is its title, and is read out to screen readers. */
export function ChecksRow({ checks }: { checks: ForgeCheck[] }) {
  const summary = checksSummary(checks)
  if (!summary) return null
  const Icon = icons[summary.tone]
  const all = checks.map((c) => `${c.name}: ${checkLabel(c)}`).join('\n')
  return (
    <p className={cn('flex min-w-0 items-center gap-1 text-[11px]', toneClass[summary.tone])} title={all} data-checks={summary.tone}>
      <Icon className="size-3 shrink-0" aria-hidden />
      <span className="truncate">
        <span className="sr-only">Checks: </span>
        {summary.text}
      </span>
      <span className="sr-only">. {checks.map((c) => `${c.name} ${checkLabel(c)}`).join(', ')}</span>
    </p>
  )
}

const outcomeIcon = { failed: CircleX, running: CircleDashed, passed: CircleCheck, other: CircleMinus }
const outcomeClass = { failed: toneClass.red, running: toneClass.amber, passed: toneClass.green, other: 'text-muted' }

/** Every check with its state and, when the forge gave one, a link to its details. */
export function ChecksList({ checks }: { checks: ForgeCheck[] }) {
  return (
    <ul className="space-y-1 text-xs" aria-label="Checks">
      {checks.map((c, i) => {
        const outcome = checkOutcome(c)
        const Icon = outcomeIcon[outcome]
        return (
          <li key={`${c.name}-${i}`} className="flex min-w-0 items-center gap-1.5">
            <Icon className={cn('size-3.5 shrink-0', outcomeClass[outcome])} aria-hidden />
            <span className="min-w-0 truncate font-mono" title={c.name}>
              {c.name}
            </span>
            <span className={cn('shrink-0', outcomeClass[outcome])}>{checkLabel(c)}</span>
            {c.details_url && (
              <a href={c.details_url} target="_blank" rel="noreferrer" className="ml-auto shrink-0 text-info hover:underline" aria-label={`Details of ${c.name}`}>
                Details
              </a>
            )}
          </li>
        )
      })}
    </ul>
  )
}
