package dev.internvillage.events;

import static org.assertj.core.api.Assertions.assertThat;

import dev.internvillage.agent.AgentRun;
import dev.internvillage.agent.RunService;
import dev.internvillage.auth.CurrentUser;
import dev.internvillage.auth.User;
import dev.internvillage.project.ProjectId;
import dev.internvillage.runlog.LogWriteSignal;
import dev.internvillage.task.PlanImporter;
import dev.internvillage.task.Subtask;
import dev.internvillage.task.SubtaskId;
import dev.internvillage.task.TaskId;
import dev.internvillage.testing.Api;
import dev.internvillage.testing.ApiTestBase;
import dev.internvillage.testing.Plans;
import dev.internvillage.testing.SseClient;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.test.context.TestPropertySource;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The app with stream settings small enough to test: heartbeats every 250 ms, 3 streams per user,
 * log lines cut at 1 KiB. Helpers start and end runs the way the agent executor does (the run
 * recorded and its event published in one transaction) and append to their logs with the write
 * signal.
 */
@TestPropertySource(
        properties = {
            "SSE_HEARTBEAT_INTERVAL_MS=250",
            "SSE_MAX_CONNECTIONS_PER_USER=3",
            "LOG_TAIL_MAX_LINE_BYTES=1024",
            "LOG_TAIL_POLL_MS=100"
        })
abstract class EventsTestBase extends ApiTestBase {

    @Autowired
    protected RunService runs;

    @Autowired
    protected PlanImporter plans;

    @Autowired
    protected dev.internvillage.task.SubtaskService subtaskService;

    @Autowired
    protected LogWriteSignal activity;

    @Autowired
    protected ApplicationEventPublisher publisher;

    @Autowired
    protected PlatformTransactionManager transactionManager;

    protected TransactionTemplate tx() {
        return new TransactionTemplate(transactionManager);
    }

    /** A user, their API client and their identity for service calls. */
    protected record Owner(User user, Api api) {
        CurrentUser current() {
            return new CurrentUser(user.id());
        }
    }

    protected Owner owner() {
        User user = users.create("user-" + UUID.randomUUID().toString().substring(0, 8));
        return new Owner(user, as(user));
    }

    protected SseClient stream(Api api, String projectId, String query) {
        return stream(api, projectId, query, null);
    }

    protected SseClient stream(Api api, String projectId, String query, @Nullable String lastEventId) {
        return SseClient.connect(
                baseUrl() + "/api/projects/" + projectId + "/events" + query, api.cookie(), lastEventId);
    }

    protected TaskId task(Api api, String projectId) {
        return new TaskId(UUID.fromString(createTask(api, projectId)));
    }

    protected List<Subtask> importPlan(TaskId task, dev.internvillage.task.PlanDocument plan) {
        return plans.importPlan(task, plan);
    }

    /** Records a RUNNING run; the run service publishes {@code AgentRunStarted} with it, as for real runs. */
    protected AgentRun startRun(TaskId task, @Nullable SubtaskId subtask, int attempt) {
        return runs.recordStarted(task, subtask, attempt, "prompt");
    }

    /** Ends the run SUCCEEDED ({@code AgentRunCompleted} is published with it). */
    protected AgentRun succeed(AgentRun run, @Nullable String prUrl) {
        return runs.recordSucceeded(run.id(), 42, prUrl);
    }

    /** Ends the run FAILED ({@code AgentRunFailed} is published with it). */
    protected AgentRun fail(AgentRun run, boolean willRetry) {
        return runs.recordFailed(
                run.id(),
                0,
                "exit 1",
                willRetry,
                willRetry ? java.time.Instant.now().plusSeconds(5) : null);
    }

    /** Appends raw bytes to the run's log and gives the write signal, as the executor does. */
    protected void append(AgentRun run, byte[] bytes) {
        Path file = runs.logFile(run);
        try {
            Files.createDirectories(file.getParent());
            Files.write(file, bytes, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        activity.written(file);
    }

    protected void appendLines(AgentRun run, String... lines) {
        append(run, (String.join("\n", lines) + "\n").getBytes(StandardCharsets.UTF_8));
    }

    /** A project whose one subtask has a RUNNING worker run. */
    protected record RunningAgent(String project, ProjectId projectId, AgentRun run) {}

    protected RunningAgent runningAgent(Owner owner) {
        String project = createProject(owner.api());
        TaskId task = task(owner.api(), project);
        Subtask subtask = importPlan(task, Plans.plan().subtask("s1").build()).getFirst();
        AgentRun run = startRun(task, subtask.id(), 1);
        return new RunningAgent(project, new ProjectId(UUID.fromString(project)), run);
    }

    /**
     * A stream read through a plain socket with a 4 KB receive buffer, so the test decides when it
     * reads. HTTP/1.0: no chunked framing, and the server closes the connection when the stream ends.
     */
    protected Socket rawStream(Owner owner, String project, String query) throws IOException {
        Socket socket = new Socket();
        socket.setReceiveBufferSize(4096);
        socket.connect(new InetSocketAddress("127.0.0.1", port));
        OutputStream request = socket.getOutputStream();
        request.write(("GET /api/projects/" + project + "/events" + query + " HTTP/1.0\r\n"
                        + "Host: 127.0.0.1\r\nAccept: text/event-stream\r\nCookie: "
                        + owner.api().cookie() + "\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII));
        request.flush();
        return socket;
    }

    protected static void assertStreamOpen(SseClient client) {
        assertThat(client.status()).as("stream status").isEqualTo(200);
    }
}
