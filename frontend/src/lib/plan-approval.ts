import type { Task } from '@/types/api'

/** What plan review does, as the new-task dialog and the project settings say it. */
export const PLAN_REVIEW_HINT = 'Nothing starts until you approve the plan; until then you can edit its subtasks'

/** Why a subtask of an unapproved plan cannot start, as its Start buttons say it. */
export const PLAN_AWAITS_APPROVAL = 'The plan awaits your approval'

/** Whether work on the task waits for the user to approve its plan (docs/api.md, plan review). */
export function awaitsPlanApproval(task: Pick<Task, 'require_plan_approval' | 'plan_approved_at'> | undefined): boolean {
  return !!task && task.require_plan_approval && !task.plan_approved_at
}
