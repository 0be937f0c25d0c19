/**
 * Where agents work: the project's clone (planners) and a git worktree per subtask (workers), kept
 * in sync with origin before every attempt, pushed after a worker succeeds, removed after merge.
 */
@NullMarked
package dev.internvillage.agent.workspace;

import org.jspecify.annotations.NullMarked;
