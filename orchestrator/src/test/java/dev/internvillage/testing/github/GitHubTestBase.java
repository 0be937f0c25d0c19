package dev.internvillage.testing.github;

import static org.assertj.core.api.Assertions.assertThat;

import dev.internvillage.testing.AgentTestBase;
import dev.internvillage.testing.Api;
import dev.internvillage.testing.ApiResponse;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;
import org.springframework.test.context.DynamicPropertyRegistry;
import tools.jackson.databind.JsonNode;

/**
 * The app in {@code AUTH_MODE=github} against a {@link FakeGitHub} on a local port, with agents on
 * (demo runtime). Users sign in through the real OAuth redirect dance over HTTP. All subclasses
 * share one application context, one fake and one data directory; tests use fresh GitHub users.
 */
public abstract class GitHubTestBase extends AgentTestBase {

    protected static final Path ROOT = createDataDir();
    protected static final Path DATA_DIR = ROOT.resolve("data");
    protected static final Path LOCAL_REPOS = ROOT.resolve("local-repos");
    /** Every git command an agent runs is logged here with the agent's whole environment. */
    protected static final Path AGENT_ENV = ROOT.resolve("agent-env");

    protected static final FakeGitHub GITHUB = new FakeGitHub(ROOT.resolve("github"));
    protected static final String SESSION_SECRET = "test-session-secret-of-at-least-32-characters";
    protected static final String ENCRYPTION_KEY =
            HexFormat.of().formatHex(new byte[32]).replace('0', '7');

    protected static final String SIGN_IN_COOKIE = "iv_sign_in";

    private static final HttpClient NO_REDIRECTS = HttpClient.newHttpClient();

    /**
     * GitHub mode against the fake GitHub, with this base's shared data directory and database and a
     * 1 s poll. Each test class calls it from its own {@code @DynamicPropertySource}: Spring registers a
     * base class's properties after the subclass's, so a base method would override what a subclass sets.
     */
    protected static void gitHubMode(DynamicPropertyRegistry registry) {
        gitHubMode(registry, DATA_DIR, "github", 1);
    }

    /** GitHub mode with a data directory and database ({@code purpose}) of the caller's and its poll interval. */
    protected static void gitHubMode(DynamicPropertyRegistry registry, Path dataDir, String purpose, int pollSeconds) {
        agentProperties(registry, dataDir, purpose);
        registry.add("AUTH_MODE", () -> "github");
        registry.add("GITHUB_CLIENT_ID", () -> FakeGitHub.CLIENT_ID);
        registry.add("GITHUB_CLIENT_SECRET", () -> FakeGitHub.CLIENT_SECRET);
        registry.add("GITHUB_URL", GITHUB::url);
        registry.add("GITHUB_API_URL", GITHUB::url);
        registry.add("SESSION_SECRET", () -> SESSION_SECRET);
        registry.add("ENCRYPTION_KEY", () -> ENCRYPTION_KEY);
        registry.add("LOCAL_REPOS_ROOT", () -> existing(LOCAL_REPOS));
        registry.add("AGENT_RUNTIME", () -> "demo");
        registry.add("AGENT_DEMO_LINE_DELAY_MS", () -> "5");
        registry.add("AGENT_EXTRA_PATH", () -> gitSpy().toString());
        registry.add("GITHUB_POLL_INTERVAL_S", () -> Integer.toString(pollSeconds));
        // the spy writes from inside the agents' sandbox
        registry.add("AGENT_SANDBOX_BIND", AGENT_ENV::toString);
    }

    /** {@code directory}, created if need be: the app checks its settings' directories when it reads them. */
    private static String existing(Path directory) {
        try {
            return Files.createDirectories(directory).toString();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A {@code git} in front of the agents' PATH that notes their environment, then runs git. */
    private static Path gitSpy() {
        try {
            Path bin = ROOT.resolve("spy-bin");
            Files.createDirectories(bin);
            Files.createDirectories(AGENT_ENV);
            Path git = bin.resolve("git");
            // process ids repeat across sandboxes (each has its own PID namespace): mktemp names the file
            Files.writeString(
                    git, "#!/bin/sh\nenv > \"$(mktemp '" + AGENT_ENV + "/env.XXXXXX')\"\nexec /usr/bin/git \"$@\"\n");
            Files.setPosixFilePermissions(git, PosixFilePermissions.fromString("rwx------"));
            return bin;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    protected static FakeGitHub.User gitHubUser(String prefix) {
        return GITHUB.addUser(prefix + "-" + UUID.randomUUID().toString().substring(0, 6));
    }

    /** The browser's side of the OAuth dance; each step is a real HTTP request. */
    public record SignIn(
            ApiResponse start,
            @Nullable ApiResponse authorize,
            @Nullable ApiResponse callback) {
        public String sessionCookie() {
            return cookie(callback, "iv_session");
        }
    }

    /** Signs {@code user} in through the fake GitHub and returns a client with the session cookie. */
    protected Api signIn(FakeGitHub.User user) {
        SignIn signIn = signInSteps(user);
        assertThat(signIn.callback().status())
                .as("callback: %s", signIn.callback())
                .isEqualTo(302);
        return new Api(baseUrl(), "iv_session=" + signIn.sessionCookie());
    }

    protected SignIn signInSteps(FakeGitHub.User user) {
        GITHUB.signInBrowserAs(user);
        ApiResponse start = get(baseUrl() + "/api/auth/github", null);
        ApiResponse authorize = get(location(start), null);
        ApiResponse callback = get(location(authorize), signInCookie(start));
        return new SignIn(start, authorize, callback);
    }

    /** The cookie that ties a sign-in to the browser that started it, as that browser sends it back. */
    protected static String signInCookie(ApiResponse start) {
        return SIGN_IN_COOKIE + "=" + cookie(start, SIGN_IN_COOKIE);
    }

    /** A GET that does not follow redirects, with an optional Cookie header. */
    public static ApiResponse get(String url, @Nullable String cookie) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url));
        if (cookie != null) {
            request.header("Cookie", cookie);
        }
        try {
            HttpResponse<String> response = NO_REDIRECTS.send(request.build(), HttpResponse.BodyHandlers.ofString());
            return new ApiResponse(response.statusCode(), response.headers(), response.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public static String location(ApiResponse response) {
        assertThat(response.status()).as("a redirect: %s", response).isEqualTo(302);
        return response.headers().firstValue("Location").orElseThrow();
    }

    public static String setCookie(ApiResponse response, String name) {
        List<String> all = response.headers().allValues("Set-Cookie");
        return all.stream()
                .filter(c -> c.startsWith(name + "="))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no " + name + " cookie in " + all));
    }

    public static String cookie(@Nullable ApiResponse response, String name) {
        assertThat(response).isNotNull();
        String header = setCookie(response, name);
        return header.substring(name.length() + 1, header.indexOf(';'));
    }

    /** A GitHub project on a new repository with a planned task: s1, then two parts after s1, then one after all. */
    protected String plannedTask(Api api, FakeGitHub.User owner, String repo) {
        GITHUB.createRepo(owner.login(), repo);
        ApiResponse created = api.post(
                "/api/projects", "{\"repo_url\":" + Api.quote(GITHUB.url() + "/" + owner.login() + "/" + repo) + "}");
        assertThat(created.status()).as("%s", created).isEqualTo(201);
        String taskId = createTask(api, created.id(), "Add a basket", "Shoppers keep a basket.\n- Store it\n- Show it");
        awaitTask(api, taskId, "ACTIVE");
        return taskId;
    }

    protected String readyOne(Api api, String taskId) {
        return subtasks(api, taskId)
                .valueStream()
                .filter(s -> s.path("status").asString().equals("READY"))
                .findFirst()
                .orElseThrow()
                .path("id")
                .asString();
    }

    protected JsonNode work(Api api, String subtaskId) {
        assertThat(api.post("/api/subtasks/" + subtaskId + "/start").status()).isEqualTo(200);
        JsonNode done =
                awaitSubtask(api, subtaskId, s -> !s.path("status").asString().equals("IN_PROGRESS"));
        assertThat(done.path("status").asString()).as("%s", done).isEqualTo("COMPLETED");
        return done;
    }

    /** The statuses of the subtasks that depend on {@code subtaskId}, and of the rest after it. */
    protected Map<String, Set<String>> statusesAfter(Api api, String taskId, String subtaskId) {
        return subtasks(api, taskId)
                .valueStream()
                .filter(s -> !s.path("id").asString().equals(subtaskId))
                .collect(Collectors.groupingBy(
                        s -> s.path("depends_on")
                                        .valueStream()
                                        .anyMatch(d -> d.asString().equals(subtaskId))
                                ? "depend on it"
                                : "the rest",
                        TreeMap::new,
                        Collectors.mapping(s -> s.path("status").asString(), Collectors.toSet())));
    }
}
