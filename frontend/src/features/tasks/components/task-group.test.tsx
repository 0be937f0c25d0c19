import { describe, expect, it, vi } from 'vitest'
import type { ActiveRun, Subtask, Task } from '@/types/api'
import { sameGroup, type CardState, type TaskGroupHandlers, type TaskGroupProps } from './task-group'

const task = { id: 't1', title: 'Due dates', status: 'ACTIVE' } as Task
const sub = (id: string) => ({ id, task_id: 't1', key: id, status: 'READY' }) as Subtask
const idle: CardState = { run: undefined, busy: false, failure: undefined, retry: { max: 3, nextAttemptAt: null } }
const handlers = { actions: {}, onToggle: vi.fn() } as unknown as TaskGroupHandlers
const s1 = sub('s1')
const s2 = sub('s2')
const props = (over: Partial<TaskGroupProps> = {}): TaskGroupProps => ({
  task,
  subtasks: [s1, s2],
  cards: [idle, { ...idle }],
  collapsed: false,
  plannerRun: undefined,
  retrying: false,
  autopilotPending: false,
  budgetPending: false,
  startingAllReady: false,
  handlers,
  ...over,
})

describe('sameGroup (whether a task group renders again)', () => {
  it('is the same for new lists of the same subtasks and card states of equal values', () => {
    expect(sameGroup(props(), props({ subtasks: [s1, s2], cards: [{ ...idle, retry: { max: 3, nextAttemptAt: null } }, { ...idle }] }))).toBe(true)
  })

  it('differs when one of its subtasks changed (the cache replaced it), or a subtask came or went', () => {
    expect(sameGroup(props(), props({ subtasks: [s1, { ...s2, status: 'IN_PROGRESS' }] }))).toBe(false)
    expect(sameGroup(props(), props({ subtasks: [s1], cards: [idle] }))).toBe(false)
  })

  it('differs when what a card shows besides its subtask changed: run, busy, failure, next attempt', () => {
    const run = { id: 'r1' } as ActiveRun
    for (const change of [{ run }, { busy: true }, { failure: 'exit 1' }, { retry: { max: 3, nextAttemptAt: '2026-01-01T00:00:00Z' } }]) {
      expect(sameGroup(props(), props({ cards: [idle, { ...idle, ...change }] }))).toBe(false)
    }
  })

  it('differs when the task, its collapse, its planner run or a pending switch changed', () => {
    expect(sameGroup(props(), props({ task: { ...task, autopilot: true } }))).toBe(false)
    expect(sameGroup(props(), props({ collapsed: true }))).toBe(false)
    expect(sameGroup(props(), props({ plannerRun: { id: 'p' } as ActiveRun }))).toBe(false)
    expect(sameGroup(props(), props({ autopilotPending: true }))).toBe(false)
    expect(sameGroup(props(), props({ budgetPending: true }))).toBe(false)
  })
})
