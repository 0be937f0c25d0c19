// Hand-written from CONTRACT.md §2/§4/§5 (the server publishes no OpenAPI document yet).
// JSON is snake_case everywhere.

export type Forge = 'github' | 'local'

export interface User {
  id: string
  github_username: string
  avatar_url: string | null
  created_at: string
}

export interface Project {
  id: string
  name?: string
  github_owner: string | null
  github_repo: string | null
  repo_url: string
  forge: Forge
  is_fork: boolean
  upstream_owner: string | null
  upstream_repo: string | null
  default_branch: string
  created_at: string
  updated_at: string
  was_forked?: boolean
}

export type TaskStatus = 'PLANNING' | 'PLANNING_FAILED' | 'ACTIVE' | 'DONE'

export interface Task {
  id: string
  project_id: string
  title: string
  description: string
  status: TaskStatus
  spec: string | null
  error_message: string | null
  created_at: string
  updated_at: string
}

export type SubtaskStatus = 'PENDING' | 'READY' | 'IN_PROGRESS' | 'COMPLETED' | 'MERGED' | 'BLOCKED'
export type BlockedReason = 'DEPENDENCY' | 'FAILURE'

export interface Subtask {
  id: string
  task_id: string
  key: string
  title: string
  spec: string
  implementation_plan: string
  status: SubtaskStatus
  blocked_reason: BlockedReason | null
  depends_on: string[]
  branch_name: string | null
  pr_url: string | null
  pr_number: number | null
  retry_count: number
  token_usage: number
  position: number
  created_at: string
  updated_at: string
}

export type AgentType = 'PLANNER' | 'WORKER'
export type RunStatus = 'QUEUED' | 'RUNNING' | 'SUCCEEDED' | 'FAILED'

export interface AgentRun {
  id: string
  agent_type: AgentType
  task_id: string
  subtask_id: string | null
  attempt_number: number
  status: RunStatus
  started_at: string
  ended_at: string | null
  duration_ms: number | null
  token_usage: number
  error_message: string | null
}

export interface ActiveRun {
  id: string
  agent_type: AgentType
  task_id: string
  subtask_id: string | null
  attempt_number: number
  status: RunStatus
  started_at: string
}

export interface LogPageLine {
  line_number: number
  line: string
  timestamp: string | null
}

export interface LogPage {
  lines: LogPageLine[]
  next_line: number
  complete: boolean
  /** Lines in the log when the page was read (the server's addition to CONTRACT §4). */
  line_count?: number
}

export type DiffFileStatus = 'added' | 'modified' | 'deleted' | 'renamed'

export interface SubtaskDiff {
  branch: string
  base_branch: string
  files: {
    path: string
    old_path: string | null
    status: DiffFileStatus
    additions: number
    deletions: number
    binary: boolean
  }[]
  stats: { files_changed: number; additions: number; deletions: number }
  diff: string
  truncated: boolean
}

// --- §5 event payloads ---------------------------------------------------------------------

export interface ConnectedEvent {
  connection_id: string
  project_id: string
  active_runs: ActiveRun[]
}
export interface AgentStartedEvent {
  run_id: string
  agent_type: AgentType
  task_id: string
  subtask_id: string | null
  attempt_number: number
  started_at: string
}
export interface AgentLogEvent {
  run_id: string
  line: string
  line_number: number
  timestamp: string | null
}
export interface AgentCompletedEvent {
  run_id: string
  agent_type: AgentType
  task_id: string
  subtask_id: string | null
  duration_ms: number
  token_usage: number
  pr_url?: string | null
}
export interface AgentFailedEvent {
  run_id: string
  agent_type: AgentType
  task_id: string
  subtask_id: string | null
  attempt_number: number
  error_message: string | null
  will_retry: boolean
  next_attempt_at: string | null
}
export interface TaskStatusChangedEvent {
  task_id: string
  old_status: TaskStatus | null
  new_status: TaskStatus
  changed_at: string
}
export interface SubtaskStatusChangedEvent {
  subtask_id: string
  task_id: string
  old_status: SubtaskStatus | null
  new_status: SubtaskStatus
  blocked_reason: BlockedReason | null
  pr_url: string | null
  pr_number: number | null
  changed_at: string
}
export interface SubtaskUnblockedEvent {
  subtask_id: string
  task_id: string
  unblocked_by: string
  changed_at: string
}
export interface ResyncEvent {
  reason: string
}
export interface StreamErrorEvent {
  code: string
  message: string
  run_id?: string | null
}

export type ProjectEvent =
  | { type: 'connected'; id?: string; data: ConnectedEvent }
  | { type: 'heartbeat'; id?: string; data: { timestamp: string } }
  | { type: 'agent:queued'; id?: string; data: AgentStartedEvent }
  | { type: 'agent:started'; id?: string; data: AgentStartedEvent }
  | { type: 'agent:log'; id?: string; data: AgentLogEvent }
  | { type: 'agent:completed'; id?: string; data: AgentCompletedEvent }
  | { type: 'agent:failed'; id?: string; data: AgentFailedEvent }
  | { type: 'task:status_changed'; id?: string; data: TaskStatusChangedEvent }
  | { type: 'subtask:status_changed'; id?: string; data: SubtaskStatusChangedEvent }
  | { type: 'subtask:unblocked'; id?: string; data: SubtaskUnblockedEvent }
  | { type: 'resync'; id?: string; data: ResyncEvent }
  | { type: 'error'; id?: string; data: StreamErrorEvent }
