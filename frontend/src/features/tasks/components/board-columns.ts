import { followUpLabel } from '@/lib/follow-up-reasons'
import type { Subtask, SubtaskStatus } from '@/types/api'

export type ColumnId = 'READY' | 'IN_PROGRESS' | 'COMPLETED' | 'MERGED' | 'BLOCKED'

/** The board's columns (docs/api.md, state machines); PENDING is momentary and never shown. */
export const COLUMNS: { id: ColumnId; title: string; dot: string }[] = [
  { id: 'READY', title: 'Ready', dot: 'bg-sky-400' },
  { id: 'IN_PROGRESS', title: 'In Progress', dot: 'bg-amber-400' },
  { id: 'COMPLETED', title: 'Completed', dot: 'bg-violet-400' },
  { id: 'MERGED', title: 'Merged', dot: 'bg-emerald-400' },
  { id: 'BLOCKED', title: 'Blocked', dot: 'bg-red-400' },
]

export function columnOf(s: { status: SubtaskStatus }): ColumnId | null {
  return s.status === 'PENDING' ? null : s.status
}

/** Subtasks of one column in board order. */
export function inColumn(subtasks: Subtask[], column: ColumnId) {
  return subtasks.filter((s) => columnOf(s) === column).sort((a, b) => a.position - b.position || a.key.localeCompare(b.key))
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
