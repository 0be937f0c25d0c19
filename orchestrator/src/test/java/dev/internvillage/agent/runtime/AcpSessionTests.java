package dev.internvillage.agent.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import dev.internvillage.agent.RunUsage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.json.JsonMapper;

/**
 * An {@link AcpSession} against the fake ACP agent, started as a plain process (no server): the
 * protocol's updates as log lines, usage and cost, the permission policy, an error response and a
 * loaded session.
 */
class AcpSessionTests {

    @TempDir
    Path dir;

    private final List<String> log = Collections.synchronizedList(new ArrayList<>());

    @Test
    void aPlannersTurnBecomesLogLinesWithUsageCostModelAndSession() throws Exception {
        AcpSession session = run("planner", null, true);

        assertThat(log)
                .containsSubsequence(
                        "ACP agent acp-fake 1.0.0, protocol 1",
                        "Session started: " + session.sessionId() + " in work",
                        "Thought: The task needs a look at the code first.",
                        "Reading the code.",
                        "Due dates go into the model and the form.",
                        "Plan (2 steps):",
                        "  1. [x] Read the code",
                        "  2. [>] Add the due date",
                        "→ Execute: ls -la",
                        "← README.md … (3 lines)",
                        "Permission for Write work.txt: allowed",
                        "→ Edit: Write work.txt",
                        "← written",
                        "Turn ended (end_turn), 6600 tokens, $0.0123");
        assertThat(session.sessionId()).startsWith("fake-session-");
        assertThat(session.reportedError()).isNull();
        assertThat(session.usage())
                .isEqualTo(
                        new RunUsage("fake-model-1", 1200, 300, 5000, 100, 6600, new java.math.BigDecimal("0.0123")));
        assertThat(Files.readString(dir.resolve("files/plan.json"))).contains("\"subtasks\"");
    }

    @Test
    void denyRejectsEveryPermissionRequest() throws Exception {
        run("planner", null, false);

        assertThat(log)
                .contains(
                        "Permission for Write work.txt: rejected (AGENT_ACP_PERMISSIONS=deny)",
                        "← error: permission rejected");
        assertThat(calls()).contains("permission rejected");
    }

    @Test
    void anErrorResponseIsTheAttemptsError() throws Exception {
        AcpSession session = run("worker", null, true);

        assertThat(session.reportedError())
                .isEqualTo(
                        "the agent answered session/prompt with error -32603: the model is overloaded (failing on purpose)");
        assertThat(log).contains("Error: " + session.reportedError());
    }

    @Test
    void aFollowUpLoadsTheSessionWithoutLoggingItsHistoryAgain() throws Exception {
        AcpSession session = run("planner", "fake-session-earlier", true);

        assertThat(calls()).contains("session/load fake-session-earlier " + workdir());
        assertThat(session.sessionId()).isEqualTo("fake-session-earlier");
        assertThat(log).contains("Session loaded: fake-session-earlier in work");
        assertThat(log).noneMatch(line -> line.contains("REPLAYED HISTORY"));
    }

    private AcpSession run(String role, @Nullable String resume, boolean allow) throws Exception {
        Files.createDirectories(workdir());
        Files.createDirectories(dir.resolve("files"));
        ProcessBuilder builder = new ProcessBuilder(AcpFake.command(dir.resolve("control")))
                .directory(workdir().toFile())
                .redirectError(ProcessBuilder.Redirect.INHERIT);
        Files.createDirectories(dir.resolve("control"));
        builder.environment().put("IV_ROLE", role);
        builder.environment()
                .put(
                        role.equals("planner") ? "IV_PLAN_FILE" : "IV_RESULT_FILE",
                        dir.resolve("files")
                                .resolve(role.equals("planner") ? "plan.json" : "result.json")
                                .toString());
        AcpSession session = new AcpSession(JsonMapper.builder().build(), workdir(), resume, allow);
        Process process = builder.start();
        try (var out = process.getInputStream();
                var in = process.getOutputStream()) {
            session.drive("Plan the task", out, in, log::add);
        } finally {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        }
        assertThat(process.exitValue())
                .as("the fake's exit once its input closed")
                .isZero();
        return session;
    }

    private Path workdir() {
        return dir.resolve("work");
    }

    private List<String> calls() throws IOException {
        return Files.readAllLines(dir.resolve("files/calls.log"));
    }
}
