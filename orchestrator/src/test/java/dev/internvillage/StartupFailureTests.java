package dev.internvillage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.internvillage.common.InvalidSettingException;
import java.nio.file.Path;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

/** A bad configuration value stops start-up with a message that names the variable. */
@ExtendWith(OutputCaptureExtension.class)
class StartupFailureTests {

    @TempDir
    Path dataDir;

    @ParameterizedTest
    @CsvSource({
        "PORT, 99999",
        "PORT, http",
        "AUTH_MODE, ldap",
        "DATABASE_URL, mysql://root@localhost/iv",
        "DATA_DIR, not/absolute",
        "PUBLIC_URL, iv.example.com",
        "PUBLIC_URL, https://iv.example.com/app",
        "ALLOWED_HOSTS, '*.example.com'",
        "SESSION_SECRET, short",
        "NOTIFY_WEBHOOK_URL, hooks.slack.com/services/T0/B0/x",
        "NOTIFY_WEBHOOK_URL, ftp://example.com/hook"
    })
    void aBadValueStopsStartUpNamingTheVariable(String variable, String value, CapturedOutput output) {
        SpringApplicationBuilder app = new SpringApplicationBuilder(InternVillageApplication.class)
                .properties("DATA_DIR=" + dataDir, "PORT=0", variable + "=" + value);

        Throwable failure = catchThrowable(() -> app.run().close());

        assertThat(failure).isNotNull();
        Throwable cause = failure;
        while (!(cause instanceof InvalidSettingException) && cause.getCause() != null) {
            cause = cause.getCause();
        }
        assertThat(cause).isInstanceOf(InvalidSettingException.class);
        assertThat(((InvalidSettingException) cause).variable()).isEqualTo(variable);
        assertThat(output.getAll()).contains("Invalid configuration: " + variable);
    }

    /** GitHub mode needs its secrets: each one missing (or bad) stops start-up naming it. */
    @ParameterizedTest
    @CsvSource({
        "GITHUB_CLIENT_ID, ''",
        "GITHUB_CLIENT_SECRET, ''",
        "SESSION_SECRET, ''",
        "ENCRYPTION_KEY, ''",
        "ENCRYPTION_KEY, not-32-bytes",
        "GITHUB_API_URL, ftp://example.com",
        "GITHUB_URL, not a url",
        "LOCAL_REPOS_ROOT, /does/not/exist",
        "GITHUB_VERIFY_MERGED, maybe"
    })
    void gitHubModeStopsStartUpNamingAMissingOrBadVariable(String variable, String value, CapturedOutput output) {
        java.util.Map<String, String> settings = new java.util.LinkedHashMap<>();
        settings.put("DATA_DIR", dataDir.toString());
        settings.put("PORT", "0");
        settings.put("AUTH_MODE", "github");
        settings.put("GITHUB_CLIENT_ID", "id");
        settings.put("GITHUB_CLIENT_SECRET", "secret");
        settings.put("SESSION_SECRET", "a-session-secret-of-at-least-32-characters");
        settings.put("ENCRYPTION_KEY", "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef");
        settings.put(variable, value);
        SpringApplicationBuilder app = new SpringApplicationBuilder(InternVillageApplication.class)
                .properties(settings.entrySet().stream()
                        .map(e -> e.getKey() + "=" + e.getValue())
                        .toArray(String[]::new));

        Throwable failure = catchThrowable(() -> app.run().close());

        assertThat(failure).isNotNull();
        Throwable cause = failure;
        while (!(cause instanceof InvalidSettingException) && cause.getCause() != null) {
            cause = cause.getCause();
        }
        assertThat(cause).isInstanceOf(InvalidSettingException.class);
        assertThat(((InvalidSettingException) cause).variable()).isEqualTo(variable);
        assertThat(output.getAll()).contains("Invalid configuration: " + variable);
    }
}
