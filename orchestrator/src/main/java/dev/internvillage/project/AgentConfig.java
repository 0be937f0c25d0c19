package dev.internvillage.project;

import io.swagger.v3.oas.annotations.media.Schema;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * A project's agent settings ({@code agent_settings}): the runtime for both roles (null: the server's
 * {@code AGENT_RUNTIME}), a runtime and model per role that override it, extra environment variables for
 * the agent, the names of its secret variables (their values are stored encrypted and never read back
 * through the API), and a setup command run in each new worktree before the worker.
 */
@Schema(name = "AgentSettings")
public record AgentConfig(
        @Schema(description = "The runtime of both roles; null: the server's AGENT_RUNTIME") @Nullable
        String runtime,

        Role planner,
        Role worker,

        @Schema(description = "Extra environment variables for the agent")
        Map<String, String> env,

        @Schema(description = "The names of the secret variables; their values are never returned")
        List<String> secretEnv,

        @Schema(description = "Run with sh -c in each new worktree before the worker") @Nullable
        String setupCommand) {

    /** The runtime names a project may choose, as {@code AGENT_RUNTIME} spells them. */
    public static final List<String> RUNTIMES =
            List.of("demo", "claude-code", "codex", "gemini", "opencode", "command", "acp");

    /** The server's defaults: nothing set. */
    public static final AgentConfig NONE = new AgentConfig(null, Role.NONE, Role.NONE, Map.of(), List.of(), null);

    /** One role's runtime (null: the project's, else the server's) and model (null: the server's {@code AGENT_MODEL}). */
    @Schema(name = "AgentRoleSettings")
    public record Role(
            @Schema(description = "Overrides the project's runtime for this role; null: the project's") @Nullable
            String runtime,

            @Schema(description = "The model the CLI is asked for; null: the server's AGENT_MODEL") @Nullable
            String model) {
        public static final Role NONE = new Role(null, null);
    }

    /** The runtime the role runs on, null for the server's. */
    public @Nullable String runtimeFor(boolean planner) {
        Role role = planner ? this.planner : worker;
        return role.runtime() != null ? role.runtime() : runtime;
    }

    /** The model the role asks for, null for the server's. */
    public @Nullable String modelFor(boolean planner) {
        return (planner ? this.planner : worker).model();
    }
}
