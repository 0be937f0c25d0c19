import { followUpLabel } from '@/lib/follow-up-reasons'
import type { Subtask, SubtaskStatus } from '@/types/api'

export type ColumnId = 'WAITING' | 'READY' | 'IN_PROGRESS' | 'NEEDS_YOU' | 'COMPLETED' | 'MERGED'

/**
 * The board's columns (docs/api.md, state machines) in the order work flows; PENDING is momentary
 * and never shown. BLOCKED is split by its reason: waiting for dependencies is normal right after a
 * plan, a failure or a reached follow-up limit needs the user.
 */
export const COLUMNS: { id: ColumnId; title: string; dot: string }[] = [
  { id: 'WAITING', title: 'Waiting', dot: 'bg-zinc-400' },
  { id: 'READY', title: 'Ready', dot: 'bg-sky-400' },
  { id: 'IN_PROGRESS', title: 'In Progress', dot: 'bg-amber-400' },
  { id: 'NEEDS_YOU', title: 'Needs you', dot: 'bg-red-400' },
  { id: 'COMPLETED', title: 'Completed', dot: 'bg-violet-400' },
  { id: 'MERGED', title: 'Merged', dot: 'bg-emerald-400' },
]

export function columnOf(s: { status: SubtaskStatus; blocked_reason?: Subtask['blocked_reason'] }): ColumnId | null {
  if (s.status === 'PENDING') return null
  if (s.status === 'BLOCKED') return s.blocked_reason === 'DEPENDENCY' ? 'WAITING' : 'NEEDS_YOU'
  return s.status
}

const byPosition = (a: Subtask, b: Subtask) => a.position - b.position || a.key.localeCompare(b.key)

/** Subtasks of one column in board order. */
export function inColumn(subtasks: Subtask[], column: ColumnId) {
  return subtasks.filter((s) => columnOf(s) === column).sort(byPosition)
}

/**
 * Where the server puts a subtask moved onto `over`: its index among the subtasks of the same
 * status (the server orders by status, and both kinds of BLOCKED share one order).
 */
export function serverIndex(subtasks: Subtask[], moving: Subtask, overId: string) {
  return subtasks
    .filter((s) => s.status === moving.status)
    .sort(byPosition)
    .findIndex((s) => s.id === overId)
}

/** "waits for s1, s3" (unmerged dependencies) or "unblocks 2" (dependents not merged yet). */
export function dependencyHint(subtask: Subtask, all: Subtask[]): string | null {
  const byId = new Map(all.map((s) => [s.id, s]))
  if (subtask.status === 'BLOCKED' && subtask.blocked_reason === 'DEPENDENCY') {
    const waits = subtask.depends_on
      .map((id) => byId.get(id))
      .filter((d): d is Subtask => !!d && d.status !== 'MERGED')
      .map((d) => d.key)
    if (waits.length) return `waits for ${waits.join(', ')}`
  }
  if (subtask.status === 'BLOCKED' && subtask.blocked_reason === 'FOLLOW_UP_LIMIT') {
    return `needs you: ${followUpLabel(subtask.follow_up_reason) ?? 'follow-ups'} ${subtask.automatic_follow_ups}×`
  }
  if (subtask.status === 'MERGED') return null
  const unblocks = all.filter((s) => s.depends_on.includes(subtask.id) && s.status !== 'MERGED').length
  return unblocks ? `unblocks ${unblocks}` : null
}
