package dev.internvillage.git;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.internvillage.common.DataDirectory;
import dev.internvillage.testing.GitFixtures;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GitCliTests {

    @TempDir
    Path tmp;

    @Test
    void aFailureNamesNoPathUnderTheDataDirectory() throws Exception {
        Path data = tmp.resolve("data");
        GitCli git = new GitCli(new DataDirectory(data));
        Path clone =
                Files.createDirectories(data.resolve("projects").resolve("p").resolve("repo"));
        Files.writeString(clone.resolve("file"), "not empty");
        Path source = GitFixtures.repositoryWithCommit(tmp.resolve("source"), "main");

        GitException failure = catchThrowableOfType(
                GitException.class, () -> git.run(tmp, "clone", "--quiet", source.toString(), clone.toString()));

        assertThat(failure.getMessage())
                .as("git names the destination: %s", failure.getMessage())
                .contains("destination path '" + DataDirectory.NEUTRAL_WORDING + "' already exists")
                .doesNotContain(data.toString())
                .doesNotContain("projects/p/repo");
    }

    @Test
    void pathsOutsideTheDataDirectoryAreKept() {
        Path data = tmp.resolve("data");
        GitCli git = new GitCli(new DataDirectory(data));
        Path elsewhere = tmp.resolve("elsewhere");

        GitException failure = catchThrowableOfType(
                GitException.class, () -> git.run(tmp, "clone", "--quiet", elsewhere.toString(), "copy"));

        assertThat(failure.getMessage()).contains(elsewhere.toString());
    }
}
