package dev.internvillage.agent.runtime;

import dev.internvillage.agent.AgentSettings;
import dev.internvillage.common.DataDirectory;
import java.util.Objects;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import tools.jackson.databind.json.JsonMapper;

/** Picks the runtime {@code AGENT_RUNTIME} names. */
@Configuration(proxyBeanMethods = false)
class AgentRuntimes {

    @Bean
    AgentRuntime agentRuntime(AgentSettings settings, DataDirectory dataDirectory, JsonMapper json) {
        return switch (settings.runtime()) {
            case DEMO ->
                new DemoRuntime(
                        dataDirectory.root().resolve("runtime"),
                        settings.demoLineDelayMs(),
                        settings.demoFailurePercent(),
                        settings.demoWorkerFailurePercent());
            case CLAUDE_CODE -> new ClaudeCodeRuntime(program(settings), settings.model(), json);
            case CODEX -> new CodexRuntime(program(settings), settings.model(), json);
            case GEMINI -> new GeminiRuntime(program(settings), settings.model(), json);
            case OPENCODE -> new OpencodeRuntime(program(settings), settings.model(), json);
            case COMMAND -> new CommandRuntime(Objects.requireNonNull(settings.command()));
            case ACP ->
                new AcpRuntime(
                        Objects.requireNonNull(settings.acpCommand()),
                        settings.acpPermissions() == AgentSettings.AcpPermissions.ALLOW,
                        json);
        };
    }

    private static String program(AgentSettings settings) {
        return Objects.requireNonNull(settings.program(), "every CLI runtime has a program");
    }
}
