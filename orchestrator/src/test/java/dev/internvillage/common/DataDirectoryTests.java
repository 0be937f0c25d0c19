package dev.internvillage.common;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DataDirectoryTests {

    @TempDir
    Path tmp;

    @Test
    void pathsUnderTheDataDirectoryAreReplacedInEverySpelling() throws Exception {
        Path real = Files.createDirectories(tmp.resolve("real-data"));
        Path link = Files.createSymbolicLink(tmp.resolve("data"), real);
        DataDirectory data = new DataDirectory(link);

        String message = data.withoutPaths("fatal: cannot lock '" + link + "/projects/p/repo/.git/index'; see " + real
                + "/logs/x.log and " + link + " itself");

        assertThat(message)
                .isEqualTo("fatal: cannot lock '[data directory]'; see [data directory] and [data directory] itself")
                .doesNotContain(tmp.toString());
    }

    @Test
    void otherPathsStay() {
        DataDirectory data = new DataDirectory(tmp.resolve("data"));

        assertThat(data.withoutPaths("repository '/srv/repos/app' not found; " + tmp + "/data-other"))
                .isEqualTo("repository '/srv/repos/app' not found; " + tmp + "/data-other");
    }
}
