package dev.internvillage.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/** Real git repositories for tests, made with the git command line. */
public final class GitFixtures {

    private GitFixtures() {}

    /** A repository at {@code dir} with one commit on {@code branch}. */
    public static Path repositoryWithCommit(Path dir, String branch) {
        git(dir.getParent(), "init", "--quiet", "--initial-branch=" + branch, dir.toString());
        write(dir.resolve("README.md"), "# " + dir.getFileName() + "\n");
        git(dir, "add", "README.md");
        git(dir, "commit", "--quiet", "-m", "first commit");
        return dir;
    }

    /** A repository at {@code dir} with no commits. */
    public static Path emptyRepository(Path dir) {
        git(dir.getParent(), "init", "--quiet", dir.toString());
        return dir;
    }

    public static String git(Path dir, String... args) {
        try {
            Files.createDirectories(dir);
            String[] command = new String[args.length + 5];
            command[0] = "git";
            command[1] = "-c";
            command[2] = "user.name=Test";
            command[3] = "-c";
            command[4] = "user.email=test@example.invalid";
            System.arraycopy(args, 0, command, 5, args.length);
            Process process = new ProcessBuilder(command)
                    .directory(dir.toFile())
                    .redirectErrorStream(true)
                    .start();
            String output = new String(process.getInputStream().readAllBytes());
            if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
                throw new IllegalStateException("git " + String.join(" ", args) + " failed: " + output);
            }
            return output;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Runs git and returns its exit code, for checks such as "does this ref exist". */
    public static int gitResult(Path dir, String... args) {
        try {
            String[] command = new String[args.length + 1];
            command[0] = "git";
            System.arraycopy(args, 0, command, 1, args.length);
            Process process = new ProcessBuilder(command)
                    .directory(dir.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .start();
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                return -1;
            }
            return process.exitValue();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public static void write(Path file, String content) {
        try {
            Files.createDirectories(file.getParent());
            Files.writeString(file, content);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
