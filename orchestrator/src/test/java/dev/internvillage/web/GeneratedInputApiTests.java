package dev.internvillage.web;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.internvillage.agent.AgentRun;
import dev.internvillage.agent.RunService;
import dev.internvillage.common.ErrorCode;
import dev.internvillage.task.PlanImporter;
import dev.internvillage.task.Subtask;
import dev.internvillage.task.TaskId;
import dev.internvillage.testing.Api;
import dev.internvillage.testing.ApiTestBase;
import dev.internvillage.testing.GitFixtures;
import dev.internvillage.testing.Plans;
import dev.internvillage.testing.RawHttp;
import dev.internvillage.web.ProbeCorpus.Field;
import dev.internvillage.web.ProbeCorpus.Fixtures;
import dev.internvillage.web.ProbeCorpus.Route;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.RecordComponent;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.assertj.core.api.SoftAssertions;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.core.MethodParameter;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Generated bad input for every route of the API, over real HTTP: no answer is a 5xx, every error
 * has the JSON error body, no body names a Java class or shows a stack trace, and the app logs no
 * ERROR meanwhile.
 *
 * <p>The routes come from Spring's handler mapping, so a new endpoint is covered without touching
 * this test; path variables get the real ids of the caller's project, task, subtask and run, another
 * user's, or junk. {@link ProbeCorpus} makes the requests from a fixed seed (set another with {@code
 * -Dinput.seed=...}); a failure prints the seed and every failing request (long parts shortened).
 *
 * <p>It finds what it is for. With the fixes for unreadable input reverted ({@link
 * UnreadableRequestFilter} passing everything, {@link ClientErrors} keeping the container's status,
 * {@code /error} answering 500 when asked directly, and no handler for the container's parameter
 * exception), 177 of its 2,788 requests failed: 500 for a wildcard {@code Content-Type}, for an
 * undecodable query such as {@code ?limit=%E0%A4} and for {@code GET /error}, 501 for {@code
 * CONNECT}, 505 for {@code HTTP/9.9}; and the app logged those 500s as ERROR.
 */
class GeneratedInputApiTests extends ApiTestBase {

    private static final long DEFAULT_SEED = 0x1A7E_5EED_2026L;
    private static final int PER_ROUTE = 40;
    private static final int MINIMUM_REQUESTS = 2000;
    private static final Duration TIMEOUT = Duration.ofSeconds(20);
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final HttpClient CLIENT = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(TIMEOUT)
            .build();
    /** Java packages and stack frames, as they would appear in a leaked exception. */
    private static final Pattern LEAK = Pattern.compile(
            "(?:\\b(?:java|javax|jakarta|sun|org\\.springframework|org\\.apache|org\\.h2|org\\.postgresql"
                    + "|tools\\.jackson|com\\.fasterxml|com\\.zaxxer|dev\\.internvillage)\\.[a-z]+\\.)"
                    + "|(?:\\bat [a-z][\\w$]*(?:\\.[\\w$]+)+\\()|(?:[A-Z]\\w*(?:Exception|Error)\\b)");

    private static final Set<String> ERROR_CODES =
            Arrays.stream(ErrorCode.values()).map(Enum::name).collect(Collectors.toSet());

    @Autowired
    @Qualifier("requestMappingHandlerMapping")
    RequestMappingHandlerMapping handlerMapping;

    @Autowired
    PlanImporter plans;

    @Autowired
    RunService runs;

    /** What came back for one probe; status 0 when the server closed the connection without an answer. */
    private record Outcome(int status, String contentType, String body) {}

    @Test
    void noGeneratedRequestGetsA5xxAnUnshapedErrorOrALeak() throws Exception {
        long seed = Long.getLong("input.seed", DEFAULT_SEED);
        List<Route> routes = routes();
        List<Probe> probes = new ArrayList<>(new ProbeCorpus(routes, fixtures(), seed).generate(PER_ROUTE));
        // deletions last, so the fixtures stay for everything else
        probes.sort(Comparator.comparing(probe -> probe.method().equalsIgnoreCase("DELETE")));

        ListAppender<ILoggingEvent> log = new ListAppender<>();
        Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        log.start();
        root.addAppender(log);
        List<String> failures = new ArrayList<>();
        Map<String, Integer> perRoute = new TreeMap<>();
        Map<Integer, Integer> statuses = new TreeMap<>();
        long started = System.nanoTime();
        try {
            for (Probe probe : probes) {
                Outcome outcome = send(probe);
                perRoute.merge(probe.route(), 1, Integer::sum);
                statuses.merge(outcome.status(), 1, Integer::sum);
                String problem = problem(probe, outcome);
                if (problem != null) {
                    failures.add(probe.describe() + "\n      -> " + outcome.status() + " " + outcome.contentType() + " "
                            + Probe.shorten(outcome.body()) + "\n      !! " + problem);
                }
            }
        } finally {
            root.detachAppender(log);
        }
        long seconds = Duration.ofNanos(System.nanoTime() - started).toSeconds();
        List<String> errors = log.list.stream()
                .filter(event -> event.getLevel().isGreaterOrEqual(Level.ERROR))
                .map(event -> event.getLoggerName() + ": " + event.getFormattedMessage()
                        + (event.getThrowableProxy() == null
                                ? ""
                                : " (" + event.getThrowableProxy().getClassName() + ": "
                                        + event.getThrowableProxy().getMessage() + ")"))
                .toList();
        System.out.printf(
                "Generated input: %d requests over %d routes in %d s, seed %d; statuses %s%n",
                probes.size(), routes.size(), seconds, seed, statuses);

        String report = "seed " + seed + " (rerun with -Dinput.seed=" + seed + "), " + failures.size() + " of "
                + probes.size() + " requests failed:\n  " + String.join("\n  ", failures);
        SoftAssertions.assertSoftly(softly -> {
            softly.assertThat(failures).as(report).isEmpty();
            softly.assertThat(errors)
                    .as("ERROR lines in the app log, seed %d", seed)
                    .isEmpty();
            softly.assertThat(probes).hasSizeGreaterThanOrEqualTo(MINIMUM_REQUESTS);
            softly.assertThat(perRoute.keySet())
                    .as("every route was probed")
                    .containsAll(routes.stream().map(Route::pattern).toList());
        });
    }

    /** Why the outcome is wrong, or null when it is fine. */
    private static @Nullable String problem(Probe probe, Outcome outcome) {
        if (outcome.status() == 0) {
            return "no answer";
        }
        if (outcome.status() >= 500) {
            return "a server error for bad input";
        }
        if (LEAK.matcher(outcome.body()).find()) {
            return "the body names a Java class or shows a stack trace";
        }
        boolean head = probe.method().equalsIgnoreCase("HEAD");
        if (outcome.status() >= 400 && !head) {
            if (!outcome.contentType().startsWith("application/json")) {
                return "an error without the JSON content type";
            }
            try {
                JsonNode error = JSON.readTree(outcome.body()).path("error");
                if (!ERROR_CODES.contains(error.path("code").asString(""))
                        || error.path("message").asString("").isBlank()) {
                    return "an error body without error.code and error.message";
                }
            } catch (RuntimeException e) {
                return "an error body that is not JSON";
            }
        }
        return null;
    }

    private Outcome send(Probe probe) {
        try {
            if (probe.isRaw()) {
                return raw(probe.raw());
            }
            URI uri;
            try {
                uri = URI.create(baseUrl() + probe.target());
            } catch (IllegalArgumentException e) {
                return raw(asRawRequest(probe)); // a target java.net.URI will not take
            }
            HttpRequest.Builder request = HttpRequest.newBuilder(uri)
                    .timeout(TIMEOUT)
                    .method(probe.method(), HttpRequest.BodyPublishers.ofByteArray(probe.body()));
            probe.headers().forEach(header -> request.header(header.name(), header.value()));
            HttpResponse<InputStream> response =
                    CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
            String contentType = response.headers().firstValue("Content-Type").orElse("");
            try (InputStream body = response.body()) {
                // an event stream does not end: its status and type are the answer
                String text = contentType.startsWith("text/event-stream")
                        ? ""
                        : new String(body.readAllBytes(), StandardCharsets.UTF_8);
                return new Outcome(response.statusCode(), contentType, text);
            }
        } catch (IOException e) {
            return new Outcome(0, "", "the connection failed: " + e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private Outcome raw(byte[] request) throws IOException {
        RawHttp.Response response = RawHttp.exchange(port, request, TIMEOUT);
        return response == null
                ? new Outcome(0, "", "")
                : new Outcome(response.status(), response.header("Content-Type"), response.bodyText());
    }

    private static byte[] asRawRequest(Probe probe) {
        StringBuilder head = new StringBuilder(probe.method() + " " + probe.target() + " HTTP/1.1\r\n");
        head.append("Host: localhost\r\nConnection: close\r\n");
        probe.headers()
                .forEach(h ->
                        head.append(h.name()).append(": ").append(h.value()).append("\r\n"));
        head.append("Content-Length: ").append(probe.body().length).append("\r\n\r\n");
        byte[] start = head.toString().getBytes(StandardCharsets.UTF_8);
        byte[] request = Arrays.copyOf(start, start.length + probe.body().length);
        System.arraycopy(probe.body(), 0, request, start.length, probe.body().length);
        return request;
    }

    /** Every {@code /api} route and its body's fields, one entry per method, plus the error path. */
    private List<Route> routes() {
        List<Route> routes = new ArrayList<>();
        handlerMapping.getHandlerMethods().forEach((info, handler) -> {
            for (String pattern : patterns(info)) {
                if (!pattern.startsWith("/api/") && !pattern.equals("/error")) {
                    continue;
                }
                Set<RequestMethod> methods = info.getMethodsCondition().getMethods();
                List<String> names = methods.isEmpty()
                        ? List.of("GET")
                        : methods.stream().map(Enum::name).sorted().toList();
                for (String method : names) {
                    routes.add(new Route(pattern, method, bodyFields(handler)));
                }
            }
        });
        routes.sort(Comparator.comparing(Route::pattern).thenComparing(Route::method));
        assertThat(routes).as("routes from the handler mapping").hasSizeGreaterThan(20);
        return routes;
    }

    private static Set<String> patterns(RequestMappingInfo info) {
        return info.getPatternValues();
    }

    private static @Nullable List<Field> bodyFields(HandlerMethod handler) {
        for (MethodParameter parameter : handler.getMethodParameters()) {
            if (parameter.hasParameterAnnotation(RequestBody.class)) {
                Class<?> type = parameter.getParameterType();
                if (!type.isRecord()) {
                    return List.of();
                }
                return Arrays.stream(type.getRecordComponents())
                        .map(GeneratedInputApiTests::field)
                        .toList();
            }
        }
        return null;
    }

    private static Field field(RecordComponent component) {
        return new Field(JsonNames.snakeCase(component.getName()), component.getGenericType());
    }

    /** The local user's project, task, subtask and run, another user's, and repositories to add. */
    private Fixtures fixtures() throws IOException {
        Api owner = localUser();
        Map<String, String> own = board(owner);
        Api other = newUser();
        Map<String, String> foreign = board(other);
        Path repo = GitFixtures.repositoryWithCommit(tmp.resolve("repo-" + UUID.randomUUID()), "main");
        Files.createDirectories(repo.resolve("src"));
        List<String> repoUrls = List.of(
                repo.toString(),
                repo.resolve(".git").toString(),
                repo.resolve("src").toString(),
                "file://" + repo,
                tmp.resolve("not-a-repo").toString());
        Files.createDirectories(tmp.resolve("not-a-repo"));
        return new Fixtures(own, foreign, other.cookie() == null ? "" : other.cookie(), repoUrls, port);
    }

    private Map<String, String> board(Api api) throws IOException {
        String project = createProject(api);
        String task = createTask(api, project);
        TaskId taskId = new TaskId(UUID.fromString(task));
        Subtask subtask =
                plans.importPlan(taskId, Plans.plan().subtask("s1").build()).getFirst();
        AgentRun run = runs.recordStarted(taskId, subtask.id(), 1, "a prompt");
        Path logFile = runs.logFile(run);
        Files.createDirectories(logFile.getParent());
        Files.writeString(logFile, "[10:00:01] one\n[10:00:02] two\n");
        Map<String, String> ids = new LinkedHashMap<>();
        ids.put("project", project);
        ids.put("task", task);
        ids.put("subtask", subtask.id().value().toString());
        ids.put("run", run.id().value().toString());
        return ids;
    }
}
