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
        "AUTH_MODE, github",
        "DATABASE_URL, mysql://root@localhost/iv",
        "DATA_DIR, not/absolute",
        "SESSION_SECRET, short"
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
}
