package dev.internvillage.agent;

import dev.internvillage.agent.process.AgentSandbox;
import dev.internvillage.auth.CurrentUser;
import java.util.Locale;
import java.util.Map;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /api/settings}: what a signed-in user should know about how this server runs agents,
 * so that the web UI can warn when they are not sandboxed.
 */
@RestController
class AgentSettingsController {

    /**
     * How agents run: the runtime, the sandbox in effect ({@code bwrap} or {@code none}), the network,
     * how many attempts a planner or worker gets before it gives up ({@code AGENT_MAX_RETRIES}), and
     * whether its running agents take the user's messages ("Tell the agent…").
     */
    record AgentsView(String runtime, String sandbox, String network, int maxRetries, boolean takesInput) {}

    private final AgentSettings settings;
    private final AgentSandbox sandbox;

    AgentSettingsController(AgentSettings settings, AgentSandbox sandbox) {
        this.settings = settings;
        this.sandbox = sandbox;
    }

    @GetMapping("/api/settings")
    // the CurrentUser parameter makes it a signed-in request: 401 without a session in GitHub mode
    Map<String, AgentsView> settings(CurrentUser user) {
        return Map.of(
                "agents",
                new AgentsView(
                        name(settings.runtime()),
                        name(sandbox.mode()),
                        // without a sandbox nothing keeps an agent off the network
                        settings.network() || !sandbox.confines() ? "on" : "off",
                        settings.maxRetries(),
                        settings.runtime().takesInput()));
    }

    private static String name(Enum<?> value) {
        return value.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
}
