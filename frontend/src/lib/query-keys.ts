// Keys run from general to specific, so one invalidateQueries(projectKeys.detail(id)) refetches
// everything of a project (a `resync`).
export const projectKeys = {
  all: ['projects'] as const,
  detail: (projectId: string) => ['projects', projectId] as const,
  tasks: (projectId: string) => ['projects', projectId, 'tasks'] as const,
  subtasks: (projectId: string, taskId: string) => ['projects', projectId, 'tasks', taskId, 'subtasks'] as const,
  plannerRuns: (projectId: string, taskId: string) => ['projects', projectId, 'tasks', taskId, 'runs'] as const,
  workerRuns: (projectId: string, subtaskId: string) => ['projects', projectId, 'subtasks', subtaskId, 'runs'] as const,
  diff: (projectId: string, subtaskId: string) => ['projects', projectId, 'subtasks', subtaskId, 'diff'] as const,
  activeRuns: (projectId: string) => ['projects', projectId, 'active-runs'] as const,
  /** Not a server resource: the retries the stream announced (see lib/events/next-attempts.ts). */
  nextAttempts: (projectId: string) => ['projects', projectId, 'next-attempts'] as const,
}

/** How often the board polls while the event stream is down (never while it is up). */
export const POLL_INTERVAL_MS = 5000
