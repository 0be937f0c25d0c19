/** What a task's autopilot does, as the switches of the task, the new-task dialog and the project settings say it. */
export const AUTOPILOT_HINT = 'Start ready subtasks and merge checked, conflict-free work by itself'
