package dev.internvillage.agent.runtime;

import org.jspecify.annotations.Nullable;

/**
 * The runtime an attempt runs on: its name as {@code AGENT_RUNTIME} spells it, the runtime itself (for
 * a CLI, asking for {@code model}), and the model recorded when the CLI's output names none (null: none).
 */
public record AgentChoice(
        String name, AgentRuntime runtime, @Nullable String model) {}
