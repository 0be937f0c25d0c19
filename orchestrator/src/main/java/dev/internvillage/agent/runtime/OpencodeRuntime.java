package dev.internvillage.agent.runtime;

import dev.internvillage.agent.AgentType;
import dev.internvillage.agent.process.OutputRenderer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code AGENT_RUNTIME=opencode}: {@code opencode run --format json}, prompt on stdin, its JSON lines
 * rendered by {@link OpencodeJsonRenderer}; a follow-up continues the session with {@code --session
 * <id>}.
 */
final class OpencodeRuntime extends CliRuntime {

    private final JsonMapper json;

    OpencodeRuntime(String program, @Nullable String model, JsonMapper json) {
        super(program, model);
        this.json = json;
    }

    @Override
    List<String> arguments(AgentType role, @Nullable String model, @Nullable String resume) {
        List<String> arguments = new ArrayList<>(List.of("run", "--format", "json"));
        if (model != null) {
            arguments.addAll(List.of("--model", model));
        }
        if (resume != null) {
            arguments.addAll(List.of("--session", resume));
        }
        return arguments;
    }

    /** The providers' API keys opencode reads, and its own configuration file. */
    @Override
    public List<String> passedEnvironment() {
        return List.of(
                "ANTHROPIC_API_KEY",
                "OPENAI_API_KEY",
                "GEMINI_API_KEY",
                "OPENROUTER_API_KEY",
                "OPENCODE_CONFIG",
                "XDG_DATA_HOME",
                "XDG_CONFIG_HOME");
    }

    @Override
    String sessionDirectoryInHome() {
        return ".local/share/opencode";
    }

    @Override
    public @Nullable Path sessionDirectory(Map<String, String> serverEnv) {
        String dataHome = serverEnv.get("XDG_DATA_HOME");
        return dataHome != null ? Path.of(dataHome, "opencode") : super.sessionDirectory(serverEnv);
    }

    @Override
    public OutputRenderer newRenderer() {
        return new OpencodeJsonRenderer(json);
    }
}
