package dev.internvillage.common;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.springframework.mock.env.MockEnvironment;

class SettingsTests {

    private final MockEnvironment env = new MockEnvironment();
    private final Settings settings = new Settings(env);

    enum Mode {
        LOCAL,
        CLAUDE_CODE
    }

    @Test
    void readsIntegersWithinTheirRange() {
        env.setProperty("SSE_HEARTBEAT_INTERVAL_S", "15");

        assertThat(settings.integer("SSE_HEARTBEAT_INTERVAL_S", 30, 1, 3600)).isEqualTo(15);
        assertThat(settings.integer("UNSET", 30, 1, 3600)).isEqualTo(30);
    }

    @Test
    void namesTheVariableOfABadInteger() {
        env.setProperty("PORT", "eighty");
        env.setProperty("AGENT_MAX_RETRIES", "0");

        assertThatThrownBy(() -> settings.integer("PORT", 8080, 0, 65535))
                .isInstanceOf(InvalidSettingException.class)
                .hasMessage("PORT must be a whole number from 0 to 65535, but is 'eighty'");
        assertThatThrownBy(() -> settings.integer("AGENT_MAX_RETRIES", 10, 1, 100))
                .hasMessage("AGENT_MAX_RETRIES must be a whole number from 1 to 100, but is '0'");
    }

    @Test
    void readsChoicesInTheirEnvironmentSpelling() {
        env.setProperty("AGENT_RUNTIME", "claude-code");

        assertThat(settings.choice("AGENT_RUNTIME", Mode.class, Mode.LOCAL)).isEqualTo(Mode.CLAUDE_CODE);
        assertThat(settings.choice("UNSET", Mode.class, Mode.LOCAL)).isEqualTo(Mode.LOCAL);
    }

    @Test
    void listsTheAllowedChoices() {
        env.setProperty("AGENT_RUNTIME", "gpt");

        assertThatThrownBy(() -> settings.choice("AGENT_RUNTIME", Mode.class, Mode.LOCAL))
                .hasMessage("AGENT_RUNTIME must be one of local, claude-code, but is 'gpt'");
    }

    @Test
    void directoriesMustBeAbsolute() {
        env.setProperty("DATA_DIR", "relative/dir");

        assertThatThrownBy(() -> settings.directory("DATA_DIR", Path.of("/tmp")))
                .hasMessage("DATA_DIR must be an absolute path, but is 'relative/dir'");
    }

    @Test
    void blankMeansUnset() {
        env.setProperty("DATA_DIR", "  ");

        assertThat(settings.directory("DATA_DIR", Path.of("/tmp/x"))).isEqualTo(Path.of("/tmp/x"));
    }

    @Test
    void homeIsTheHomeVariableWhenSet() {
        env.setProperty("HOME", "/elsewhere/me");
        env.setProperty("DATA_DIR", "~/iv");

        assertThat(settings.home()).isEqualTo(Path.of("/elsewhere/me"));
        assertThat(settings.directory("DATA_DIR", Path.of("/tmp/x"))).isEqualTo(Path.of("/elsewhere/me/iv"));
    }

    @Test
    void homeFallsBackToJavasUserHome() {
        assertThat(settings.home()).isEqualTo(Path.of(System.getProperty("user.home")));
    }
}
