package dev.internvillage.agent.runtime;

import dev.internvillage.agent.AgentSettings;
import dev.internvillage.common.DataDirectory;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * The runtimes by name: the server's ({@code AGENT_RUNTIME} with {@code AGENT_MODEL}) by default, and
 * the one a project's agent settings choose for a role, built from the server's program settings
 * ({@code AGENT_CLAUDE_BIN}, …) and kept per runtime and model.
 */
@Component
public class AgentRuntimes {

    private final AgentSettings settings;
    private final DataDirectory dataDirectory;
    private final JsonMapper json;
    private final Map<String, AgentChoice> built = new ConcurrentHashMap<>();

    AgentRuntimes(AgentSettings settings, DataDirectory dataDirectory, JsonMapper json) {
        this.settings = settings;
        this.dataDirectory = dataDirectory;
        this.json = json;
    }

    /** The server's runtime and model. */
    public AgentChoice serverDefault() {
        return choose(null, null);
    }

    /**
     * The runtime {@code name} (null: the server's) asking for {@code model} (null: {@code AGENT_MODEL}).
     *
     * @throws IllegalArgumentException for an unknown name, or {@code command} without {@code AGENT_COMMAND}
     */
    public AgentChoice choose(@Nullable String name, @Nullable String model) {
        AgentSettings.Runtime runtime = name == null
                ? settings.runtime()
                : AgentSettings.Runtime.valueOf(name.toUpperCase(Locale.ROOT).replace('-', '_'));
        String chosenModel = model == null ? settings.model() : model;
        return built.computeIfAbsent(
                runtime.wireName() + "\n" + chosenModel,
                key -> new AgentChoice(runtime.wireName(), build(runtime, chosenModel), chosenModel));
    }

    private AgentRuntime build(AgentSettings.Runtime runtime, @Nullable String model) {
        return switch (runtime) {
            case DEMO ->
                new DemoRuntime(
                        dataDirectory.root().resolve("runtime"),
                        settings.demoLineDelayMs(),
                        settings.demoFailurePercent(),
                        settings.demoWorkerFailurePercent());
            case CLAUDE_CODE -> new ClaudeCodeRuntime(settings.program(runtime), model, json);
            case CODEX -> new CodexRuntime(settings.program(runtime), model, json);
            case GEMINI -> new GeminiRuntime(settings.program(runtime), model, json);
            case OPENCODE -> new OpencodeRuntime(settings.program(runtime), model, json);
            case COMMAND -> {
                if (settings.command() == null) {
                    throw new IllegalArgumentException(
                            "the command runtime needs AGENT_COMMAND, which this server does not set");
                }
                yield new CommandRuntime(Objects.requireNonNull(settings.command()));
            }
            case ACP -> {
                if (settings.acpCommand() == null) {
                    throw new IllegalArgumentException(
                            "the acp runtime needs AGENT_ACP_COMMAND, which this server does not set");
                }
                yield new AcpRuntime(
                        Objects.requireNonNull(settings.acpCommand()),
                        settings.acpPermissions() == AgentSettings.AcpPermissions.ALLOW,
                        json);
            }
        };
    }
}
