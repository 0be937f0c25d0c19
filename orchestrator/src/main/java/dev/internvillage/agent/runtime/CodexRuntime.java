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
 * {@code AGENT_RUNTIME=codex}: {@code codex exec --json}, prompt on stdin ({@code -}), its JSON lines
 * rendered by {@link CodexJsonRenderer}; a follow-up continues the thread with {@code codex exec
 * resume <id>}. Codex's own sandbox and approvals are off, as Claude Code's permissions are: the
 * orchestrator's sandbox confines the agent, and Codex's would not start inside it.
 */
final class CodexRuntime extends CliRuntime {

    private final JsonMapper json;

    CodexRuntime(String program, @Nullable String model, JsonMapper json) {
        super(program, model);
        this.json = json;
    }

    @Override
    List<String> arguments(AgentType role, @Nullable String model, @Nullable String resume) {
        List<String> arguments = new ArrayList<>(
                List.of("exec", "--json", "--dangerously-bypass-approvals-and-sandbox", "--skip-git-repo-check"));
        if (model != null) {
            arguments.addAll(List.of("--model", model));
        }
        if (resume != null) {
            arguments.addAll(List.of("resume", resume));
        }
        arguments.add("-");
        return arguments;
    }

    /** Codex's API key, another endpoint, where its state lives. */
    @Override
    public List<String> passedEnvironment() {
        return List.of("OPENAI_API_KEY", "CODEX_API_KEY", "OPENAI_BASE_URL", "CODEX_HOME");
    }

    @Override
    String sessionDirectoryInHome() {
        return ".codex";
    }

    @Override
    public @Nullable Path sessionDirectory(Map<String, String> serverEnv) {
        String codexHome = serverEnv.get("CODEX_HOME");
        return codexHome != null ? Path.of(codexHome) : super.sessionDirectory(serverEnv);
    }

    @Override
    public OutputRenderer newRenderer() {
        return new CodexJsonRenderer(json);
    }
}
