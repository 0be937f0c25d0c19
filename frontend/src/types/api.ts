// The API's types, by the names the app uses. Every one is generated from the server's OpenAPI
// document (docs/openapi.json → openapi.ts: npm run gen:api-types); nothing here is written by hand
// but the names. JSON is snake_case everywhere.
import type { components } from './openapi'

type Schemas = components['schemas']

export type User = Schemas['UserResponse']
export type Project = Schemas['ProjectResponse']
export type Forge = Project['forge']

export type Task = Schemas['TaskResponse']
export type TaskStatus = Task['status']

export type Subtask = Schemas['SubtaskResponse']
export type SubtaskStatus = Subtask['status']
export type BlockedReason = NonNullable<Subtask['blocked_reason']>
export type ForgeCheck = Schemas['ForgeCheck']
/** `POST /api/tasks/{id}/start-ready`: the subtasks it started. */
export type StartReadyResponse = Schemas['StartReadyResponse']

export type AgentRun = Schemas['RunView']
export type AgentType = AgentRun['agent_type']

export type RunStatus = AgentRun['status']
export type ActiveRun = Schemas['ActiveRun']

export type LogPageLine = Schemas['LogLine']
export type LogPage = Schemas['LogPage']
export type LogContent = Schemas['LogContent']

export type SubtaskDiff = Schemas['Diff']
export type DiffFileStatus = Schemas['FileView']['status']

/** The body of every error response. */
export type ApiErrorBody = Schemas['ApiError']

// --- the event stream: each event's data, and the frames as the client parses them ----------

export type ConnectedEvent = Schemas['ConnectedEvent']
export type HeartbeatEvent = Schemas['HeartbeatEvent']
export type AgentStartedEvent = Schemas['AgentStartedEvent']
export type AgentLogEvent = Schemas['AgentLogEvent']
export type AgentCompletedEvent = Schemas['AgentCompletedEvent']
export type AgentFailedEvent = Schemas['AgentFailedEvent']
export type TaskStatusChangedEvent = Schemas['TaskStatusChangedEvent']
export type SubtaskStatusChangedEvent = Schemas['SubtaskStatusChangedEvent']
export type SubtaskUnblockedEvent = Schemas['SubtaskUnblockedEvent']
export type ResyncEvent = Schemas['ResyncEvent']
export type StreamErrorEvent = Schemas['StreamErrorEvent']

export type ProjectEvent = Schemas['ProjectEvent']

/** How this server runs agents (`GET /api/settings` → `{"agents": AgentsView}`; `max_retries` is the m of "attempt n of m"). */
export type AgentsView = Schemas['AgentsView']

/** `GET /api/activity`: the queued and running agents of all the user's projects. */
export type ActivityRun = Schemas['ActivityRun']
/** `GET /api/needs-you`: what waits for the user, across projects. */
export type NeedsYouItem = Schemas['NeedsYouItem']
export type NeedsYouKind = NeedsYouItem['kind']
