import type { ProjectEvent } from '@/types/api'

/** Something on the board the user may want to hear about: work finished, or a subtask or task needs them. */
export interface AttentionItem {
  kind: 'finished' | 'needs-you' | 'done'
  title: string
  body: string
  /** One per subtask or task: a newer notification about the same thing replaces the older one. */
  tag: string
}

/** What the cache knows about the names of a task and a subtask (any of it may be missing). */
export interface AttentionNames {
  taskTitle?: string
  subtaskKey?: string
  subtaskTitle?: string
}

export type NameLookup = (taskId: string, subtaskId: string | null) => AttentionNames

const noNames: NameLookup = () => ({})

/** The blocked reasons a person has to act on (DEPENDENCY clears by itself). */
const NEEDS_YOU: Record<string, string> = {
  FAILURE: 'its agent failed and will not retry',
  FOLLOW_UP_LIMIT: 'it ran out of automatic follow-ups',
  PR_CLOSED: 'its pull request was closed without merging',
}

function subtaskLabel(names: AttentionNames) {
  return names.subtaskKey ? `Subtask ${names.subtaskKey}` : 'A subtask'
}

function taskLabel(names: AttentionNames) {
  return names.taskTitle ? `“${names.taskTitle}”` : 'A task'
}

function bodyOf(names: AttentionNames, subtask: boolean) {
  const parts = subtask ? [names.subtaskTitle, names.taskTitle] : [names.taskTitle]
  return parts.filter(Boolean).join(' · ')
}

/**
 * Turns one stream event into an attention item, or null when it is not worth one. Failures are told
 * by the status they lead to (BLOCKED/FAILURE, PLANNING_FAILED), not by `agent:failed`, so one failure
 * counts once; a failure that will be retried needs nobody yet.
 */
export function attentionFromEvent(event: ProjectEvent, lookup: NameLookup = noNames): AttentionItem | null {
  switch (event.type) {
    case 'agent:completed': {
      const d = event.data
      const names = lookup(d.task_id, d.subtask_id)
      if (d.agent_type === 'WORKER' && d.subtask_id) {
        return {
          kind: 'finished',
          title: `${subtaskLabel(names)} finished`,
          body: bodyOf(names, true) || 'Its agent completed the work.',
          tag: `subtask:${d.subtask_id}`,
        }
      }
      return {
        kind: 'finished',
        title: `${taskLabel(names)} is planned`,
        body: 'The planner finished; its subtasks are on the board.',
        tag: `task:${d.task_id}`,
      }
    }
    case 'subtask:status_changed': {
      const d = event.data
      if (d.new_status !== 'BLOCKED' || !d.blocked_reason || !(d.blocked_reason in NEEDS_YOU)) return null
      const names = lookup(d.task_id, d.subtask_id)
      return {
        kind: 'needs-you',
        title: `${subtaskLabel(names)} needs you`,
        body: [`Blocked: ${NEEDS_YOU[d.blocked_reason]}.`, bodyOf(names, true)].filter(Boolean).join(' '),
        tag: `subtask:${d.subtask_id}`,
      }
    }
    case 'subtask:merge_state_changed': {
      const d = event.data
      if (d.merge_state !== 'conflicted') return null
      const names = lookup(d.task_id, d.subtask_id)
      const files = d.conflict_files.length ? ` (${d.conflict_files.length} file${d.conflict_files.length === 1 ? '' : 's'})` : ''
      return {
        kind: 'needs-you',
        title: `${subtaskLabel(names)} needs you`,
        body: [`Its branch conflicts with ${d.base_branch}${files}.`, bodyOf(names, true)].filter(Boolean).join(' '),
        tag: `subtask:${d.subtask_id}`,
      }
    }
    case 'task:status_changed': {
      const d = event.data
      const names = lookup(d.task_id, null)
      if (d.new_status === 'PLANNING_FAILED') {
        return { kind: 'needs-you', title: `${taskLabel(names)} needs you`, body: 'Planning failed.', tag: `task:${d.task_id}` }
      }
      if (d.new_status === 'DONE') {
        return { kind: 'done', title: `${taskLabel(names)} is done`, body: 'Every subtask is merged.', tag: `task:${d.task_id}` }
      }
      return null
    }
    default:
      return null
  }
}
