package dev.internvillage.git;

import dev.internvillage.common.DataDirectory;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;

/**
 * Runs the git command line. Git is never interactive here: prompts are off, so a command that
 * would ask for credentials fails instead of hanging, and each call has a time limit.
 */
@Component
public class GitCli {

    private static final Duration DEFAULT_TIMEOUT = Duration.ofMinutes(5);

    /**
     * Answers git's username and password prompts from the environment of the one git process it
     * belongs to, and only for the host the token is meant for (a repository's config could point a
     * remote elsewhere). The file holds no secret.
     */
    private static final String ASKPASS = """
            #!/bin/sh
            case "$1" in
              Username*) echo x-access-token ;;
              Password*"://x-access-token@$IV_GIT_HOST'"*) printf '%s\\n' "$IV_GIT_TOKEN" ;;
              *) exit 1 ;;
            esac
            """;

    private final Path askpass;
    private final DataDirectory dataDirectory;

    GitCli(DataDirectory dataDirectory) {
        this.askpass = dataDirectory.root().resolve("runtime").resolve("git-askpass.sh");
        this.dataDirectory = dataDirectory;
    }

    /** Git's messages reach API errors and run records, which must not name the server's files. */
    private String withoutServerPaths(String message) {
        return dataDirectory.withoutPaths(message);
    }

    /** Output of a finished git command. */
    public record Result(int exitCode, String stdout, String stderr) {
        public boolean ok() {
            return exitCode == 0;
        }
    }

    /** Runs git in {@code directory} and fails with git's message unless it exits 0. */
    public String run(Path directory, String... args) {
        return run(directory, null, args);
    }

    /** Like {@link #run(Path, String...)}, signing in to the remote with {@code credentials}. */
    public String run(Path directory, @Nullable GitCredentials credentials, String... args) {
        Result result = exec(directory, credentials, args);
        if (!result.ok()) {
            throw new GitException(withoutServerPaths(describe(args, result)), result.exitCode());
        }
        return result.stdout();
    }

    /** Runs git in {@code directory} and returns whatever happened. */
    public Result exec(Path directory, String... args) {
        return exec(directory, null, args);
    }

    /**
     * Runs git, with {@code credentials} (if any) offered to the remote through {@code GIT_ASKPASS}.
     * Such a command also ignores the repository's hooks and credential helpers: agents can write
     * those, and they would see the token in git's environment or be handed it to "store".
     */
    public Result exec(Path directory, @Nullable GitCredentials credentials, String... args) {
        List<String> command = new ArrayList<>(args.length + 9);
        command.add("git");
        // housekeeping runs inside the command, never as a detached process racing with a clean-up
        command.addAll(List.of("-c", "gc.autoDetach=false", "-c", "maintenance.autoDetach=false"));
        if (credentials != null) {
            command.addAll(List.of("-c", "core.hooksPath=/dev/null", "-c", "credential.helper="));
        }
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).directory(directory.toFile());
        Map<String, String> env = builder.environment();
        env.put("GIT_TERMINAL_PROMPT", "0");
        env.put("GIT_ASKPASS", "true");
        env.remove("IV_GIT_TOKEN");
        if (credentials != null) {
            env.put("GIT_ASKPASS", askpass().toString());
            env.put("IV_GIT_HOST", credentials.host());
            env.put("IV_GIT_TOKEN", credentials.token());
        }
        env.put("LC_ALL", "C");
        // commits made by the orchestrator itself (e.g. sample repositories) need an identity
        env.putIfAbsent("GIT_AUTHOR_NAME", "Intern Village");
        env.putIfAbsent("GIT_AUTHOR_EMAIL", "intern-village@localhost");
        env.putIfAbsent("GIT_COMMITTER_NAME", "Intern Village");
        env.putIfAbsent("GIT_COMMITTER_EMAIL", "intern-village@localhost");
        // no stdin: a git that wants input gets end-of-file at once instead of waiting
        builder.redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        try {
            Process process = builder.start();
            // stdout and stderr are drained at the same time so neither pipe can fill and stall git
            CompletableFuture<String> stderr =
                    CompletableFuture.supplyAsync(() -> readAll(process.getErrorStream()), Thread.ofVirtual()::start);
            String stdout = readAll(process.getInputStream());
            if (!process.waitFor(DEFAULT_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                throw new GitException("git " + args[0] + " did not finish within " + DEFAULT_TIMEOUT, -1);
            }
            return new Result(process.exitValue(), stdout, stderr.get());
        } catch (IOException e) {
            throw new GitException(withoutServerPaths("cannot run git: " + e.getMessage()), -1);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new GitException("interrupted while running git " + args[0], -1);
        } catch (ExecutionException e) {
            throw new GitException(
                    withoutServerPaths(
                            "cannot read git's output: " + e.getCause().getMessage()),
                    -1);
        }
    }

    private Path askpass() {
        try {
            if (!Files.isRegularFile(askpass) || !Files.readString(askpass).equals(ASKPASS)) {
                Files.createDirectories(askpass.getParent());
                Path tmp = Files.createTempFile(askpass.getParent(), "git-askpass", ".tmp");
                Files.writeString(tmp, ASKPASS);
                Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rwx------"));
                Files.move(tmp, askpass, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            }
            return askpass;
        } catch (IOException e) {
            throw new GitException(withoutServerPaths("cannot write git's askpass program: " + e.getMessage()), -1);
        }
    }

    private static String readAll(InputStream in) {
        try (in) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            in.transferTo(out);
            return out.toString(StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String describe(String[] args, Result result) {
        String message = result.stderr().strip();
        if (message.isEmpty()) {
            message = result.stdout().strip();
        }
        return "git " + args[0] + " failed (exit " + result.exitCode() + ")"
                + (message.isEmpty() ? "" : ": " + message);
    }
}
