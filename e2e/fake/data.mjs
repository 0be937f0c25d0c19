// A scripted project for the fake back end: one of every board state.
const t0 = Date.now()
const iso = (msAgo) => new Date(t0 - msAgo).toISOString()
export const P = '5f0c2a64-0b1e-4c55-9a51-6f3f4f1d2a10'
const T1 = '0d6b5f3e-7c1a-4f0b-8a9e-1f2d3c4b5a61'
const T2 = '1e7c6a4f-8d2b-4a1c-9b0f-2a3e4d5c6b72'
const T3 = '2f8d7b5a-9e3c-4b2d-8c1a-3b4f5e6d7c83'
const sid = (n) => `a0000000-0000-4000-8000-00000000000${n}`

export const project = {
  id: P,
  name: 'todo-app',
  github_owner: null,
  github_repo: null,
  repo_url: '/srv/repos/todo-app',
  forge: 'local',
  is_fork: false,
  upstream_owner: null,
  upstream_repo: null,
  default_branch: 'main',
  created_at: iso(86_400_000),
  updated_at: iso(3_600_000),
  budget_usd_default: null,
  budget_tokens_default: null,
  // the server's runtime, one project variable and one secret (only its name is ever read back)
  agent_settings: {
    runtime: null,
    planner: { runtime: null, model: null },
    worker: { runtime: null, model: null },
    env: { NODE_ENV: 'test' },
    secret_env: ['NPM_TOKEN'],
    setup_command: 'npm ci',
  },
  cost_usd: 0.5619,
  token_usage: 60_000,
}

const task = (id, title, status, extra = {}) => ({
  id,
  project_id: P,
  title,
  description: `${title}.`,
  status,
  spec: null,
  error_message: null,
  autopilot: false,
  require_plan_approval: false,
  plan_approved_at: null,
  created_at: iso(7_200_000),
  updated_at: iso(60_000),
  budget_usd: null,
  budget_tokens: null,
  budget_reached: false,
  cost_usd: null,
  token_usage: 0,
  ...extra,
})
export const tasks = [
  task(T1, 'Add due dates to todo items', 'ACTIVE'),
  task(T2, 'Tag filter in the sidebar', 'PLANNING'),
  task(T3, 'Dark mode toggle', 'PLANNING_FAILED', { error_message: 'plan invalid: s3 depends on unknown key s9 (attempt 10 of 10)' }),
]

const spec = `Items get an optional **due date**. The API accepts \`due_date\` (ISO date) on create and update.

- Overdue items are listed first
- The list shows "due in 3 days" / "overdue" hints`
const plan = `1. Migration \`V7__add_due_date.sql\` adding a nullable \`due_date\` column
2. \`TodoItem\` record and JSON mapping
3. Validation: a date, not in the past on create
4. Tests for the repository and the endpoint`

const sub = (n, key, title, status, extra = {}) => ({
  id: sid(n),
  task_id: T1,
  key,
  title,
  spec,
  implementation_plan: plan,
  status,
  blocked_reason: null,
  depends_on: [],
  branch_name: status === 'READY' || status === 'BLOCKED' ? null : `iv/${key}-${title.toLowerCase().replace(/[^a-z]+/g, '-')}`.slice(0, 40),
  pr_url: null,
  pr_number: null,
  retry_count: 0,
  token_usage: 0,
  position: 0,
  created_at: iso(3_600_000),
  updated_at: iso(95_000),
  // the fields the API added since (follow-ups, merges, approvals, forge checks), at their neutral values
  blocked_detail: null,
  follow_up_reason: null,
  automatic_follow_ups: 0,
  merge_state: status === 'COMPLETED' ? 'clean' : null,
  conflict_files: [],
  approved_at: null,
  checks: [],
  cost_usd: null,
  ...extra,
})
export const subtasks = {
  [T1]: [
    sub(1, 's1', 'Add due_date column and migration', 'MERGED', { pr_url: `/projects/${P}/subtasks/${sid(1)}`, pr_number: 1, token_usage: 48_210, cost_usd: 0.4121 }),
    sub(2, 's2', 'Map due_date in the API', 'COMPLETED', { depends_on: [sid(1)], pr_url: `/projects/${P}/subtasks/${sid(2)}`, pr_number: 2, token_usage: 61_877, cost_usd: 0.5308 }),
    sub(3, 's3', 'Validate due dates on create and update', 'IN_PROGRESS', { depends_on: [sid(1)], token_usage: 12_004 }),
    sub(4, 's4', 'Sort overdue items first', 'READY', { depends_on: [sid(1)] }),
    sub(5, 's5', 'Show due hints in the list view', 'BLOCKED', { blocked_reason: 'DEPENDENCY', depends_on: [sid(2), sid(3)] }),
    sub(6, 's6', 'Reminder e-mail for overdue items', 'BLOCKED', { blocked_reason: 'FAILURE', depends_on: [], retry_count: 9, token_usage: 201_330, cost_usd: 1.8734 }),
    sub(7, 's7', 'Document due dates in the README', 'READY', { depends_on: [sid(2)], position: 1 }),
  ],
  [T2]: [],
  [T3]: [],
}

export const RUN_WORKER = 'b0000000-0000-4000-8000-000000000003'
export const RUN_PLANNER = 'b0000000-0000-4000-8000-0000000000f2'
export const RUN_MILLION = 'b0000000-0000-4000-8000-000000000006'

export const activeRuns = [
  { id: RUN_WORKER, project_id: P, agent_type: 'WORKER', task_id: T1, subtask_id: sid(3), attempt_number: 1, status: 'RUNNING', started_at: iso(95_000) },
  { id: RUN_PLANNER, project_id: P, agent_type: 'PLANNER', task_id: T2, subtask_id: null, attempt_number: 1, status: 'RUNNING', started_at: iso(40_000) },
]

const run = (id, over) => ({
  id,
  agent_type: 'WORKER',
  task_id: T1,
  subtask_id: sid(6),
  attempt_number: 1,
  status: 'FAILED',
  started_at: iso(3_000_000),
  ended_at: iso(2_900_000),
  duration_ms: 100_000,
  token_usage: 20_000,
  error_message: null,
  autopilot: false,
  // model, tokens, cost and session as a claude-code run reports them; a follow-up resumes the session before it
  runtime: 'claude-code',
  model: 'claude-sonnet-4-5-20250929',
  cost_usd: 0.1873,
  input_tokens: 1_200,
  output_tokens: 3_800,
  cache_read_tokens: 13_000,
  cache_write_tokens: 2_000,
  session_id: `5f0d6c2e-8b1a-4c7e-9a51-${id.slice(-12)}`,
  resumed_session_id: null,
  // claude-code takes no messages while it runs
  accepts_input: false,
  input_unavailable_reason: 'The run has ended: its agent takes no more messages',
  ...over,
})
export const workerRuns = {
  [sid(3)]: [run(RUN_WORKER, { subtask_id: sid(3), status: 'RUNNING', ended_at: null, duration_ms: null, token_usage: 0, accepts_input: true, input_unavailable_reason: null })],
  [sid(2)]: [run('b0000000-0000-4000-8000-000000000002', { subtask_id: sid(2), status: 'SUCCEEDED', duration_ms: 312_000, token_usage: 61_877 })],
  [sid(6)]: Array.from({ length: 10 }, (_, i) =>
    run(i === 9 ? RUN_MILLION : `b0000000-0000-4000-8000-0000000006${i}0`, {
      attempt_number: i + 1,
      resumed_session_id: i === 0 ? null : `5f0d6c2e-8b1a-4c7e-9a51-${`b0000000-0000-4000-8000-0000000006${i - 1}0`.slice(-12)}`,
      error_message: i === 9 ? 'tests failed: MailerTests.sendsReminder (SMTP refused)' : 'exit code 1: 2 tests failed',
      duration_ms: 60_000 + i * 7_000,
    }),
  ),
}

export const diff = {
  branch: 'iv/s2-map-due-date-in-the-api',
  base_branch: 'main',
  files: [
    { path: 'src/main/java/app/TodoItem.java', old_path: null, status: 'modified', additions: 6, deletions: 1, binary: false },
    { path: 'src/main/java/app/TodoController.java', old_path: null, status: 'modified', additions: 9, deletions: 2, binary: false },
    { path: 'src/test/java/app/DueDateApiTests.java', old_path: null, status: 'added', additions: 31, deletions: 0, binary: false },
  ],
  stats: { files_changed: 3, additions: 46, deletions: 3 },
  diff: `diff --git a/src/main/java/app/TodoItem.java b/src/main/java/app/TodoItem.java
--- a/src/main/java/app/TodoItem.java
+++ b/src/main/java/app/TodoItem.java
@@ -3,7 +3,12 @@ package app;
 import java.time.Instant;
+import java.time.LocalDate;
+import org.jspecify.annotations.Nullable;
 
-public record TodoItem(long id, String title, boolean done, Instant createdAt) {}
+public record TodoItem(long id, String title, boolean done, Instant createdAt, @Nullable LocalDate dueDate) {
+
+    boolean isOverdue(LocalDate today) {
+        return !done && dueDate != null && dueDate.isBefore(today);
+    }
+}
diff --git a/src/main/java/app/TodoController.java b/src/main/java/app/TodoController.java
--- a/src/main/java/app/TodoController.java
+++ b/src/main/java/app/TodoController.java
@@ -21,8 +21,15 @@ class TodoController {
-    record CreateRequest(@NotBlank String title) {}
+    record CreateRequest(@NotBlank String title, @Nullable LocalDate dueDate) {}
`,
  truncated: false,
}

const WORDS = ['Reading', 'src/main/java/app/TodoService.java', 'running', './mvnw -q test', 'compiling 14 sources', 'Tests run: 42, Failures: 0', 'editing', 'TodoItem.java', 'git add -A', 'thinking about the validation rules', 'checking', 'migration V7 applies on H2']
const pad = (n) => String(n).padStart(2, '0')

/** Line n of a synthetic log: stamps, some colour, some STDERR, lengths 40–140. */
export function logLine(n, startSec = 9 * 3600) {
  const s = startSec + Math.floor(n / 40)
  const stamp = `[${pad(Math.floor(s / 3600) % 24)}:${pad(Math.floor(s / 60) % 60)}:${pad(s % 60)}]`
  if (n % 97 === 0) return `${stamp} [STDERR] warning: deprecated API in TodoRepository.java:${n % 300}`
  if (n % 53 === 0) return `${stamp} \x1b[32m✔\x1b[0m step ${n}: ${WORDS[n % WORDS.length]} \x1b[2m(${n % 900} ms)\x1b[0m`
  const words = []
  for (let i = 0; i < 3 + (n % 9); i++) words.push(WORDS[(n * 7 + i * 3) % WORDS.length])
  return `${stamp} ${words.join(' ')}`
}
