import { describe, expect, it } from 'vitest'
import type { ProjectEvent } from '@/types/api'
import { attentionFromEvent, type NameLookup } from './attention'

const T = 'task-1'
const S = 'sub-1'
const names: NameLookup = (taskId, subtaskId) => ({
  taskTitle: taskId === T ? 'Add login' : undefined,
  subtaskKey: subtaskId === S ? 's1' : undefined,
  subtaskTitle: subtaskId === S ? 'Write the form' : undefined,
})

const ev = (e: unknown) => e as ProjectEvent

const subtaskStatus = (new_status: string, blocked_reason: string | null) =>
  ev({
    type: 'subtask:status_changed',
    data: { subtask_id: S, task_id: T, old_status: 'IN_PROGRESS', new_status, blocked_reason, pr_url: null, pr_number: null, changed_at: '', follow_up_reason: null, automatic_follow_ups: 0 },
  })

describe('attentionFromEvent', () => {
  it('tells a worker that finished, by its subtask', () => {
    const item = attentionFromEvent(
      ev({ type: 'agent:completed', data: { run_id: 'r', agent_type: 'WORKER', task_id: T, subtask_id: S, duration_ms: 1, token_usage: 0, pr_url: null } }),
      names,
    )
    expect(item).toEqual({ kind: 'finished', title: 'Subtask s1 finished', body: 'Write the form · Add login', tag: `subtask:${S}` })
  })

  it('tells a planner that finished, by its task', () => {
    const item = attentionFromEvent(
      ev({ type: 'agent:completed', data: { run_id: 'r', agent_type: 'PLANNER', task_id: T, subtask_id: null, duration_ms: 1, token_usage: 0, pr_url: null } }),
      names,
    )
    expect(item).toMatchObject({ kind: 'finished', title: '“Add login” is planned', tag: `task:${T}` })
  })

  it('works without names', () => {
    const item = attentionFromEvent(
      ev({ type: 'agent:completed', data: { run_id: 'r', agent_type: 'WORKER', task_id: T, subtask_id: S, duration_ms: 1, token_usage: 0, pr_url: null } }),
    )
    expect(item).toMatchObject({ title: 'A subtask finished', tag: `subtask:${S}` })
  })

  it.each(['FAILURE', 'FOLLOW_UP_LIMIT', 'PR_CLOSED'])('a subtask blocked by %s needs you', (reason) => {
    expect(attentionFromEvent(subtaskStatus('BLOCKED', reason), names)).toMatchObject({
      kind: 'needs-you',
      title: 'Subtask s1 needs you',
      tag: `subtask:${S}`,
    })
  })

  it('a subtask waiting for its dependencies, or any other status, is nothing', () => {
    expect(attentionFromEvent(subtaskStatus('BLOCKED', 'DEPENDENCY'), names)).toBeNull()
    expect(attentionFromEvent(subtaskStatus('COMPLETED', null), names)).toBeNull()
    expect(attentionFromEvent(subtaskStatus('MERGED', null), names)).toBeNull()
  })

  it('a conflicted merge state needs you; clean and behind do not', () => {
    const merge = (merge_state: string) =>
      ev({ type: 'subtask:merge_state_changed', data: { subtask_id: S, task_id: T, merge_state, conflict_files: ['a.txt'], base_branch: 'main', changed_at: '' } })
    expect(attentionFromEvent(merge('conflicted'), names)).toMatchObject({ kind: 'needs-you', tag: `subtask:${S}` })
    expect(attentionFromEvent(merge('conflicted'), names)?.body).toContain('conflicts with main (1 file)')
    expect(attentionFromEvent(merge('clean'), names)).toBeNull()
    expect(attentionFromEvent(merge('behind'), names)).toBeNull()
  })

  it('a task whose planning failed needs you; a done task is told; other task statuses are not', () => {
    const task = (new_status: string) => ev({ type: 'task:status_changed', data: { task_id: T, old_status: 'PLANNING', new_status, changed_at: '' } })
    expect(attentionFromEvent(task('PLANNING_FAILED'), names)).toMatchObject({ kind: 'needs-you', title: '“Add login” needs you', tag: `task:${T}` })
    expect(attentionFromEvent(task('DONE'), names)).toMatchObject({ kind: 'done', title: '“Add login” is done', tag: `task:${T}` })
    expect(attentionFromEvent(task('ACTIVE'), names)).toBeNull()
    expect(attentionFromEvent(task('PLANNING'), names)).toBeNull()
  })

  it('failed runs count by the status they lead to, not by themselves', () => {
    const failed = (will_retry: boolean) =>
      ev({ type: 'agent:failed', data: { run_id: 'r', agent_type: 'WORKER', task_id: T, subtask_id: S, attempt_number: 1, error_message: 'x', will_retry, next_attempt_at: null } })
    expect(attentionFromEvent(failed(true), names)).toBeNull()
    expect(attentionFromEvent(failed(false), names)).toBeNull()
    expect(attentionFromEvent(ev({ type: 'heartbeat', data: { timestamp: '' } }), names)).toBeNull()
  })
})
