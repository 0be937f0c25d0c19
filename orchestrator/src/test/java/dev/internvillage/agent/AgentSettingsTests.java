package dev.internvillage.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.internvillage.common.InvalidSettingException;
import dev.internvillage.common.Settings;
import java.time.Duration;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.springframework.mock.env.MockEnvironment;

class AgentSettingsTests {

    private final MockEnvironment env = new MockEnvironment();

    @Test
    void defaultsFollowTheContract() {
        AgentSettings settings = new AgentSettings(new Settings(env));

        assertThat(settings.runtime()).isEqualTo(AgentSettings.Runtime.DEMO);
        assertThat(settings.maxRetries()).isEqualTo(10);
        assertThat(settings.maxConcurrent()).isEqualTo(4);
        assertThat(settings.runTimeout()).isEqualTo(Duration.ofMinutes(60));
        assertThat(IntStream.rangeClosed(1, 7).mapToObj(settings::backoff).map(Duration::toSeconds))
                .as("min(5·2^(n-1), 120) s")
                .containsExactly(5L, 10L, 20L, 40L, 80L, 120L, 120L);
    }

    @Test
    void theLocalUserMayUseEverySlotAndAHostedUserHalfOfThem() {
        env.setProperty("AGENT_MAX_CONCURRENT", "5");
        assertThat(new AgentSettings(new Settings(env)).maxConcurrentPerUser()).isEqualTo(5);

        env.setProperty("AUTH_MODE", "github");
        assertThat(new AgentSettings(new Settings(env)).maxConcurrentPerUser()).isEqualTo(2);

        env.setProperty("AGENT_MAX_CONCURRENT", "1");
        assertThat(new AgentSettings(new Settings(env)).maxConcurrentPerUser())
                .as("at least one")
                .isEqualTo(1);

        env.setProperty("AGENT_MAX_CONCURRENT_PER_USER", "3");
        assertThat(new AgentSettings(new Settings(env)).maxConcurrentPerUser()).isEqualTo(3);

        env.setProperty("AGENT_MAX_CONCURRENT_PER_USER", "0");
        assertThatThrownBy(() -> new AgentSettings(new Settings(env)))
                .hasMessageContaining("AGENT_MAX_CONCURRENT_PER_USER");
    }

    @Test
    void finerOverridesWinOverTheContractUnits() {
        env.setProperty("AGENT_RUN_TIMEOUT_M", "2");
        env.setProperty("AGENT_RUN_TIMEOUT_S", "7");
        env.setProperty("AGENT_BACKOFF_BASE_MS", "100");
        env.setProperty("AGENT_RUNTIME", "claude-code");

        AgentSettings settings = new AgentSettings(new Settings(env));

        assertThat(settings.runTimeout()).isEqualTo(Duration.ofSeconds(7));
        assertThat(settings.backoff(3)).isEqualTo(Duration.ofMillis(400));
        assertThat(settings.runtime()).isEqualTo(AgentSettings.Runtime.CLAUDE_CODE);
    }

    @Test
    void theCommandRuntimeNeedsACommand() {
        env.setProperty("AGENT_RUNTIME", "command");

        assertThatThrownBy(() -> new AgentSettings(new Settings(env)))
                .isInstanceOf(InvalidSettingException.class)
                .hasMessageContaining("AGENT_COMMAND");
    }

    @Test
    void theAcpRuntimeNeedsItsCommandAndAllowsPermissionsUnlessToldToDeny() {
        env.setProperty("AGENT_RUNTIME", "acp");
        assertThatThrownBy(() -> new AgentSettings(new Settings(env)))
                .isInstanceOf(InvalidSettingException.class)
                .hasMessageContaining("AGENT_ACP_COMMAND");

        env.setProperty("AGENT_ACP_COMMAND", "npx @zed-industries/claude-code-acp");
        AgentSettings acp = new AgentSettings(new Settings(env));
        assertThat(acp.acpCommand()).isEqualTo("npx @zed-industries/claude-code-acp");
        assertThat(acp.acpPermissions()).isEqualTo(AgentSettings.AcpPermissions.ALLOW);
        assertThat(acp.program()).isNull();

        env.setProperty("AGENT_ACP_PERMISSIONS", "deny");
        assertThat(new AgentSettings(new Settings(env)).acpPermissions()).isEqualTo(AgentSettings.AcpPermissions.DENY);
        env.setProperty("AGENT_ACP_PERMISSIONS", "ask");
        assertThatThrownBy(() -> new AgentSettings(new Settings(env))).hasMessageContaining("AGENT_ACP_PERMISSIONS");
    }

    @Test
    void badValuesNameTheirVariable() {
        env.setProperty("AGENT_MAX_CONCURRENT", "0");
        assertThatThrownBy(() -> new AgentSettings(new Settings(env))).hasMessageContaining("AGENT_MAX_CONCURRENT");

        env.setProperty("AGENT_MAX_CONCURRENT", "2");
        env.setProperty("AGENT_RUNTIME", "gpt");
        assertThatThrownBy(() -> new AgentSettings(new Settings(env)))
                .hasMessageContaining("AGENT_RUNTIME")
                .hasMessageContaining("demo, claude-code, codex, gemini, opencode, command, acp");
    }

    @Test
    void eachCliRuntimeHasItsProgramSettingAndTheModelIsShared() {
        env.setProperty("AGENT_RUNTIME", "codex");
        assertThat(new AgentSettings(new Settings(env)).program()).isEqualTo("codex");

        env.setProperty("AGENT_CODEX_BIN", "/opt/codex/bin/codex");
        env.setProperty("AGENT_MODEL", "gpt-5-codex");
        AgentSettings codex = new AgentSettings(new Settings(env));
        assertThat(codex.program()).isEqualTo("/opt/codex/bin/codex");
        assertThat(codex.model()).isEqualTo("gpt-5-codex");

        env.setProperty("AGENT_RUNTIME", "opencode");
        assertThat(new AgentSettings(new Settings(env)).program()).isEqualTo("opencode");
        env.setProperty("AGENT_RUNTIME", "demo");
        assertThat(new AgentSettings(new Settings(env)).program()).isNull();
    }

    @Test
    void theSandboxSettings() {
        AgentSettings defaults = new AgentSettings(new Settings(env));
        assertThat(defaults.requestedSandbox())
                .as("unset: bwrap where it works")
                .isNull();
        assertThat(defaults.network()).isTrue();
        assertThat(defaults.sandboxBinds()).isEmpty();

        env.setProperty("AGENT_SANDBOX", "none");
        env.setProperty("AGENT_NETWORK", "off");
        env.setProperty("AGENT_SANDBOX_BIND", "/home/dev/.claude, ~/.config/agent");
        env.setProperty("AGENT_ENV", "OPENAI_API_KEY,MY_PROXY");
        AgentSettings set = new AgentSettings(new Settings(env));

        assertThat(set.requestedSandbox()).isEqualTo(AgentSettings.Sandbox.NONE);
        assertThat(set.network()).isFalse();
        assertThat(set.sandboxBinds())
                .containsExactly(
                        java.nio.file.Path.of("/home/dev/.claude"),
                        java.nio.file.Path.of(System.getProperty("user.home"), ".config/agent"));
        assertThat(set.passedEnvironment()).containsExactly("OPENAI_API_KEY", "MY_PROXY");
    }

    @Test
    void badSandboxSettingsNameTheirVariable() {
        env.setProperty("AGENT_SANDBOX", "docker");
        assertThatThrownBy(() -> new AgentSettings(new Settings(env))).hasMessageContaining("AGENT_SANDBOX");
        env.setProperty("AGENT_SANDBOX", "bwrap");

        env.setProperty("AGENT_SANDBOX_BIND", "relative/dir");
        assertThatThrownBy(() -> new AgentSettings(new Settings(env))).hasMessageContaining("AGENT_SANDBOX_BIND");
        env.setProperty("AGENT_SANDBOX_BIND", "/abs");

        env.setProperty("AGENT_ENV", "ENCRYPTION_KEY");
        assertThatThrownBy(() -> new AgentSettings(new Settings(env)))
                .hasMessageContaining("AGENT_ENV")
                .hasMessageContaining("ENCRYPTION_KEY");
        env.setProperty("AGENT_ENV", "NOT A NAME");
        assertThatThrownBy(() -> new AgentSettings(new Settings(env))).hasMessageContaining("AGENT_ENV");
    }
}
