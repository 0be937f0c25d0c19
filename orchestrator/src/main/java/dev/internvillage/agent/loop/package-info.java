/**
 * The agent loops of docs/agents.md: a planner loop per task in PLANNING and a worker loop per subtask
 * IN_PROGRESS, each attempting until success or {@code AGENT_MAX_RETRIES}, with backoff, a bounded
 * number of agents at once, cancellation when work is deleted, and recovery after a restart.
 */
@NullMarked
package dev.internvillage.agent.loop;

import org.jspecify.annotations.NullMarked;
