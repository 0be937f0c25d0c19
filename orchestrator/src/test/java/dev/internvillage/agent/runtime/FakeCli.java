package dev.internvillage.agent.runtime;

import dev.internvillage.testing.AgentScripts;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * A fake agent CLI: a shell script that records its arguments, reads the prompt on stdin, replays a
 * recorded transcript of the real CLI's JSON output and does the agent's part: a planner writes a
 * one-subtask plan; a worker fails its subtask's first attempt on purpose (so a follow-up comes)
 * and then commits and writes its result. The arguments of each call are one line of {@code
 * arguments.log} in the agent-files directory beside the run's log (writable even in the sandbox).
 */
final class FakeCli {

    /** Reads the whole of stdin as the prompt. */
    private static final String WHOLE_INPUT = "prompt=\"$(cat)\"";

    private FakeCli() {}

    /** A new directory holding the executable {@code name} that replays {@code transcript}. */
    static Path directory(String name, String transcript) {
        return directory(name, transcript, false);
    }

    /**
     * As {@link #directory(String, String)}; with {@code streamJsonInput} the fake reads its prompt as
     * one line of stdin (a stream-json user message) instead of all of it, and each line it reads goes
     * to {@code stdin.log} beside {@code arguments.log}. While the file {@code wait-for-message} is in
     * its directory, it then says so and waits for one more line (the user's message) before going on.
     */
    static Path directory(String name, String transcript, boolean streamJsonInput) {
        Path dir = AgentScripts.directoryWith(name, "");
        try (InputStream in = Objects.requireNonNull(FakeCli.class.getResourceAsStream(transcript), transcript)) {
            // beside the program: a sandboxed agent sees AGENT_EXTRA_PATH, not the build's directories
            Path copy = dir.resolve("transcript.jsonl");
            Files.write(copy, in.readAllBytes());
            Files.writeString(dir.resolve(name), """
                    #!/bin/sh
                    out="${IV_PLAN_FILE:-$IV_RESULT_FILE}"
                    files="$(dirname "$out")"
                    echo "$*" >> "$files/arguments.log"
                    %s
                    if [ -z "$prompt" ]; then echo "no prompt on stdin" >&2; exit 2; fi
                    cat '%s'
                    if [ "$IV_ROLE" = planner ]; then
                      printf '%%s' '{"spec":"s","subtasks":[{"key":"s1","title":"t","spec":"s","depends_on":[]}]}' > "$IV_PLAN_FILE"
                      exit 0
                    fi
                    if [ ! -e "$files/failed-once" ]; then
                      touch "$files/failed-once"
                      echo "the first attempt fails on purpose" >&2
                      exit 3
                    fi
                    echo "work" > work.txt
                    git add -A && git -c user.name=fake -c user.email=fake@localhost commit -q -m "fake work"
                    printf '{"status": "done", "summary": "fake"}' > "$IV_RESULT_FILE"
                    """.formatted(streamJsonInput ? lineInput(dir) : WHOLE_INPUT, copy));
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String lineInput(Path dir) {
        return """
                IFS= read -r prompt
                printf '%%s\\n' "$prompt" >> "$files/stdin.log"
                if [ -e '%s/wait-for-message' ]; then
                  echo "Waiting for your message"
                  IFS= read -r message
                  printf '%%s\\n' "$message" >> "$files/stdin.log"
                fi""".formatted(dir);
    }

    /** The argument lines the fake recorded for the task's planner ({@code subtaskId} null) or a subtask. */
    static List<String> arguments(Path dataDir, String projectId, String taskId, String subtaskId) {
        return agentFile(dataDir, projectId, taskId, subtaskId, "arguments.log");
    }

    /** The stdin lines a stream-json fake read, for the task's planner ({@code subtaskId} null) or a subtask. */
    static List<String> stdin(Path dataDir, String projectId, String taskId, String subtaskId) {
        return agentFile(dataDir, projectId, taskId, subtaskId, "stdin.log");
    }

    private static List<String> agentFile(
            Path dataDir, String projectId, String taskId, String subtaskId, String name) {
        Path log = dataDir.resolve("logs")
                .resolve(projectId)
                .resolve(taskId)
                .resolve(subtaskId == null ? "task" : subtaskId)
                .resolve("agent-files")
                .resolve(name);
        try {
            return Files.readAllLines(log);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
