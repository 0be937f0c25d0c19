package dev.internvillage.common;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.mock.env.MockEnvironment;

class CoreConfigurationTests {

    @TempDir
    Path home;

    @Test
    void dataDirectoryDefaultsToTheDirectoryUnderHome() {
        MockEnvironment env = new MockEnvironment().withProperty("HOME", home.toString());

        DataDirectory dataDirectory = new CoreConfiguration().dataDirectory(new Settings(env));

        assertThat(dataDirectory.root()).isEqualTo(home.resolve(".intern-village"));
        assertThat(dataDirectory.root()).isDirectory();
    }

    @Test
    void dataDirVariableWinsOverHome() {
        Path elsewhere = home.resolve("data");
        MockEnvironment env = new MockEnvironment()
                .withProperty("HOME", home.toString())
                .withProperty("DATA_DIR", elsewhere.toString());

        DataDirectory dataDirectory = new CoreConfiguration().dataDirectory(new Settings(env));

        assertThat(dataDirectory.root()).isEqualTo(elsewhere);
        assertThat(home.resolve(".intern-village")).doesNotExist();
    }
}
