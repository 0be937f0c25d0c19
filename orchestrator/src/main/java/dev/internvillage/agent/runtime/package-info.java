/**
 * The agent CLIs the orchestrator can run ({@code AGENT_RUNTIME}): each says which command line to
 * start and how to render what the agent prints.
 */
@NullMarked
package dev.internvillage.agent.runtime;

import org.jspecify.annotations.NullMarked;
