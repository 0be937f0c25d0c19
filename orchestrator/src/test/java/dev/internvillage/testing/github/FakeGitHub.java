package dev.internvillage.testing.github;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.internvillage.testing.ApiResponse;
import dev.internvillage.testing.GitFixtures;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A GitHub for tests: a real HTTP server on a random local port that speaks the parts of GitHub's
 * OAuth web flow and REST API the orchestrator uses, with GitHub's JSON shapes, and serves its
 * repositories (local bare repositories) over git's smart HTTP protocol through {@code git
 * http-backend}, with the token as basic-auth password. The same base URL is GitHub's web host
 * (OAuth, git) and its API host. Every API and OAuth request is recorded.
 */
public final class FakeGitHub implements AutoCloseable {

    public static final String CLIENT_ID = "fake-client-id";
    public static final String CLIENT_SECRET = "fake-client-secret";

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final HttpClient HOOKSHOT = HttpClient.newHttpClient();
    private static final Pattern REPO_PATH = Pattern.compile("^/repos/([^/]+)/([^/]+)(/.*)?$");
    private static final Pattern CHECK_RUNS_PATH = Pattern.compile("^/commits/([0-9a-f]{40})/check-runs$");
    private static final Pattern STATUS_PATH = Pattern.compile("^/commits/([0-9a-f]{40})/status$");
    private static final Pattern GIT_PATH = Pattern.compile("^/([^/]+)/([^/]+)\\.git(/.*)$");

    /** A GitHub account; {@code token} is the OAuth token sign-in hands out for it. */
    public record User(long id, String login, String token) {}

    /** One request as the fake saw it. */
    public record Recorded(
            String method, String path, @Nullable String query, Map<String, String> headers, String body) {
        public JsonNode json() {
            return JSON.readTree(body);
        }
    }

    /** A pull request on the fake; a merged one is closed too. */
    public record Pull(
            int number,
            String repo,
            String title,
            String body,
            String head,
            String base,
            boolean merged,
            boolean closed) {

        Pull closedAs(boolean merged) {
            return new Pull(number, repo, title, body, head, base, merged, true);
        }
    }

    private record Repo(
            String owner,
            String name,
            Path bare,
            List<String> pushers,
            @Nullable String parent,
            Instant readyAt,
            long id) {
        String fullName() {
            return owner + "/" + name;
        }
    }

    private final HttpServer server;
    private final Path root;
    private final Map<String, User> usersByLogin = new ConcurrentHashMap<>();
    private final Map<String, Repo> repos = new ConcurrentHashMap<>();
    private final Map<String, String> codes = new ConcurrentHashMap<>();
    private final Map<String, List<Pull>> pulls = new ConcurrentHashMap<>();
    private final List<Recorded> requests = new CopyOnWriteArrayList<>();
    private final AtomicLong ids = new AtomicLong(1000);
    private final AtomicInteger pullNumbers = new AtomicInteger();
    private volatile @Nullable String browserUser;
    private volatile Duration forkDelay = Duration.ofMillis(300);

    public FakeGitHub(Path root) {
        this.root = root;
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/", this::handle);
        server.start();
    }

    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    @Override
    public void close() {
        server.stop(0);
    }

    // ---- set-up and inspection for tests ----

    public User addUser(String login) {
        return usersByLogin.computeIfAbsent(
                login,
                l -> new User(
                        ids.incrementAndGet(),
                        l,
                        "gho_" + UUID.randomUUID().toString().replace("-", "")));
    }

    /** The account that "approves" the next authorize request, as a signed-in browser would. */
    public void signInBrowserAs(User user) {
        browserUser = user.login();
    }

    public void forkDelay(Duration delay) {
        forkDelay = delay;
    }

    /** A repository with one commit on {@code main}; {@code pushers} may push to it. */
    public Path createRepo(String owner, String name, User... pushers) {
        Path work = root.resolve("work-" + UUID.randomUUID());
        GitFixtures.repositoryWithCommit(work, "main");
        Path bare = bare(owner, name);
        GitFixtures.git(root, "clone", "--quiet", "--bare", work.toString(), bare.toString());
        List<String> names = new ArrayList<>(List.of(owner));
        for (User pusher : pushers) {
            names.add(pusher.login());
        }
        repos.put(owner + "/" + name, new Repo(owner, name, bare, names, null, Instant.EPOCH, ids.incrementAndGet()));
        return bare;
    }

    public Path barePath(String owner, String name) {
        return bare(owner, name);
    }

    public List<Recorded> requests() {
        return List.copyOf(requests);
    }

    public List<Recorded> requests(String method, String pathPrefix) {
        return requests.stream()
                .filter(r -> r.method().equals(method) && r.path().startsWith(pathPrefix))
                .toList();
    }

    public List<Pull> pulls(String owner, String repo) {
        return List.copyOf(pulls.getOrDefault(owner + "/" + repo, List.of()));
    }

    /** Merges a pull request, as a reviewer pressing the button on GitHub would (state only). */
    public void merge(String owner, String repo, int number) {
        closePull(owner, repo, number, true);
    }

    /** Closes a pull request without merging it, as a reviewer on GitHub would. */
    public void close(String owner, String repo, int number) {
        closePull(owner, repo, number, false);
    }

    private void closePull(String owner, String repo, int number, boolean merged) {
        List<Pull> list = pulls.get(owner + "/" + repo);
        synchronized (list) {
            for (int i = 0; i < list.size(); i++) {
                Pull pull = list.get(i);
                if (pull.number() == number) {
                    list.set(i, pull.closedAs(merged));
                }
            }
        }
    }

    private final Map<String, String> mergeRefusals = new ConcurrentHashMap<>();

    /**
     * Makes the merge API refuse every pull request of {@code owner/repo} with 405 and {@code
     * message}, as GitHub does for a base branch whose protection rules are not met.
     */
    public void protectBranches(String owner, String repo, String message) {
        mergeRefusals.put(owner + "/" + repo, message);
    }

    private final Map<String, AtomicInteger> pullsNotModified = new ConcurrentHashMap<>();

    /** How often pull request {@code number} was answered 304 Not Modified (its ETag still matched). */
    public int pullNotModified(String owner, String repo, int number) {
        AtomicInteger count = pullsNotModified.get(owner + "/" + repo + "#" + number);
        return count == null ? 0 : count.get();
    }

    private void getPull(HttpExchange exchange, Repo repo, int number) throws IOException {
        Pull pull = pulls(repo.owner(), repo.name()).stream()
                .filter(p -> p.number() == number)
                .findFirst()
                .orElse(null);
        if (pull == null) {
            send(exchange, 404, message("Not Found"));
            return;
        }
        ObjectNode json = pullJson(repo, pull);
        String etag = "W/\"" + Integer.toHexString(json.toString().hashCode()) + "\"";
        exchange.getResponseHeaders().add("ETag", etag);
        if (etag.equals(exchange.getRequestHeaders().getFirst("If-None-Match"))) {
            pullsNotModified
                    .computeIfAbsent(repo.fullName() + "#" + number, k -> new AtomicInteger())
                    .incrementAndGet();
            exchange.sendResponseHeaders(304, -1);
            return;
        }
        send(exchange, 200, json);
    }

    // ---- pull request reviews ----

    /** A review comment on a line of a file. */
    public record ReviewComment(String path, int line, String body) {}

    private final Map<String, List<ObjectNode>> reviews = new ConcurrentHashMap<>();
    private final Map<String, List<ObjectNode>> reviewComments = new ConcurrentHashMap<>();
    private final AtomicInteger reviewsNotModified = new AtomicInteger();

    /** Submits a review of a pull request, as a reviewer on GitHub would; returns its id. */
    public long addReview(
            String owner,
            String repo,
            int number,
            String author,
            String state,
            String body,
            ReviewComment... comments) {
        long id = ids.incrementAndGet();
        String key = owner + "/" + repo + "#" + number;
        reviews.computeIfAbsent(key, k -> new CopyOnWriteArrayList<>())
                .add(JSON.createObjectNode()
                        .put("id", id)
                        .put("state", state)
                        .put("body", body)
                        .put("submitted_at", Instant.now().toString())
                        .set("user", JSON.createObjectNode().put("login", author)));
        for (ReviewComment comment : comments) {
            reviewComments
                    .computeIfAbsent(key, k -> new CopyOnWriteArrayList<>())
                    .add(JSON.createObjectNode()
                            .put("id", ids.incrementAndGet())
                            .put("pull_request_review_id", id)
                            .put("path", comment.path())
                            .put("line", comment.line())
                            .put("body", comment.body()));
        }
        return id;
    }

    /** How often a reviews request was answered 304 Not Modified (its ETag still matched). */
    public int reviewsNotModified() {
        return reviewsNotModified.get();
    }

    private void listReviews(HttpExchange exchange, Repo repo, int number) throws IOException {
        ArrayNode list = JSON.createArrayNode();
        list.addAll(reviews.getOrDefault(repo.fullName() + "#" + number, List.of()));
        String etag = "\"" + Integer.toHexString(list.toString().hashCode()) + "\"";
        if (etag.equals(exchange.getRequestHeaders().getFirst("If-None-Match"))) {
            reviewsNotModified.incrementAndGet();
            exchange.getResponseHeaders().add("ETag", etag);
            exchange.sendResponseHeaders(304, -1);
            return;
        }
        exchange.getResponseHeaders().add("ETag", etag);
        send(exchange, 200, list);
    }

    private void listReviewComments(HttpExchange exchange, Repo repo, int number) throws IOException {
        ArrayNode list = JSON.createArrayNode();
        list.addAll(reviewComments.getOrDefault(repo.fullName() + "#" + number, List.of()));
        send(exchange, 200, list);
    }

    private final Map<String, List<ObjectNode>> checkRuns = new ConcurrentHashMap<>();

    /** A completed check run on commit {@code sha}, as a CI app would report it; returns its id. */
    public long addCheckRun(String owner, String repo, String sha, String name, String conclusion, String summary) {
        long id = addRun(owner, repo, sha, name, "completed", conclusion);
        findRun(id)
                .putObject("output")
                .put("title", name)
                .put("summary", summary)
                .put("text", "");
        return id;
    }

    /**
     * A check run on commit {@code sha} that a CI app just started ({@code in_progress}, no conclusion
     * yet, GitHub's {@code null}), with the CI's page as its {@code details_url}; returns its id.
     */
    public long startCheckRun(String owner, String repo, String sha, String name, String detailsUrl) {
        long id = addRun(owner, repo, sha, name, "in_progress", null);
        findRun(id).put("details_url", detailsUrl);
        return id;
    }

    /** The CI app finishes run {@code id} with {@code conclusion}. */
    public void completeCheckRun(long id, String conclusion, String summary) {
        ObjectNode run = findRun(id);
        // the server's threads copy runs under the same lock: a read sees the run before or after
        synchronized (run) {
            run.putObject("output")
                    .put("title", run.path("name").asString())
                    .put("summary", summary)
                    .put("text", "");
            run.put("conclusion", conclusion).put("status", "completed");
        }
    }

    private long addRun(
            String owner, String repo, String sha, String name, String status, @Nullable String conclusion) {
        long id = ids.incrementAndGet();
        ObjectNode run = JSON.createObjectNode()
                .put("id", id)
                .put("name", name)
                .put("head_sha", sha)
                .put("status", status)
                .put("conclusion", conclusion)
                .put("html_url", url() + "/" + owner + "/" + repo + "/runs/" + id)
                .putNull("details_url");
        run.putObject("output").putNull("title").putNull("summary").putNull("text");
        checkRuns
                .computeIfAbsent(owner + "/" + repo + "@" + sha, k -> new CopyOnWriteArrayList<>())
                .add(run);
        return id;
    }

    private ObjectNode findRun(long id) {
        return checkRuns.values().stream()
                .flatMap(List::stream)
                .filter(r -> r.path("id").asLong() == id)
                .findFirst()
                .orElseThrow();
    }

    private void listCheckRuns(HttpExchange exchange, Repo repo, String sha) throws IOException {
        List<ObjectNode> runs = checkRuns.getOrDefault(repo.fullName() + "@" + sha, List.of());
        ObjectNode answer = JSON.createObjectNode().put("total_count", runs.size());
        ArrayNode list = answer.putArray("check_runs");
        for (ObjectNode run : runs) {
            // a copy under the run's lock: a run the test changes meanwhile is not sent half-changed
            synchronized (run) {
                list.add(run.deepCopy());
            }
        }
        send(exchange, 200, answer);
    }

    /** Commit statuses per {@code owner/repo@sha}, the latest per context, as GitHub keeps them. */
    private final Map<String, Map<String, ObjectNode>> statuses = new ConcurrentHashMap<>();

    /**
     * A CI service sets the commit status of {@code context} on commit {@code sha} ({@code pending},
     * {@code success}, {@code failure} or {@code error}), replacing its last one.
     */
    public void setCommitStatus(
            String owner, String repo, String sha, String context, String state, @Nullable String targetUrl) {
        ObjectNode status = JSON.createObjectNode()
                .put("id", ids.incrementAndGet())
                .put("context", context)
                .put("state", state)
                .put("target_url", targetUrl)
                .put("description", context + " is " + state);
        statuses.computeIfAbsent(owner + "/" + repo + "@" + sha, k -> new ConcurrentHashMap<>())
                .put(context, status);
    }

    /** GitHub's combined status: the latest status per context, and an overall state. */
    private void combinedStatus(HttpExchange exchange, Repo repo, String sha) throws IOException {
        List<ObjectNode> latest = new ArrayList<>(
                statuses.getOrDefault(repo.fullName() + "@" + sha, Map.of()).values());
        latest.sort(Comparator.comparing(s -> s.path("context").asString()));
        Set<String> states =
                latest.stream().map(s -> s.path("state").asString()).collect(Collectors.toSet());
        String overall = states.contains("failure") || states.contains("error")
                ? "failure"
                : states.contains("pending") || states.isEmpty() ? "pending" : "success";
        ObjectNode answer =
                JSON.createObjectNode().put("state", overall).put("sha", sha).put("total_count", latest.size());
        ArrayNode list = answer.putArray("statuses");
        latest.forEach(s -> list.add(s.deepCopy()));
        send(exchange, 200, answer);
    }

    // ---- webhooks ----

    /** One webhook delivery: its event type ({@code X-GitHub-Event}), its id and its body as sent. */
    public record Delivery(String event, String id, byte[] body) {

        /** The same body under another delivery id, as a replay by someone who captured it would be. */
        public Delivery withId(String otherId) {
            return new Delivery(event, otherId, body);
        }
    }

    /** GitHub's {@code pull_request} delivery for {@code action} (e.g. {@code closed}), in its current state. */
    public Delivery pullRequestEvent(String owner, String repo, int number, String action) {
        Repo base = repos.get(owner + "/" + repo);
        Pull pull = pulls(owner, repo).stream()
                .filter(p -> p.number() == number)
                .findFirst()
                .orElseThrow();
        ObjectNode payload = JSON.createObjectNode().put("action", action).put("number", number);
        payload.set("pull_request", pullJson(base, pull));
        return delivery("pull_request", payload, base);
    }

    /** GitHub's {@code pull_request_review} delivery for a review {@link #addReview} submitted. */
    public Delivery reviewSubmittedEvent(String owner, String repo, int number, long reviewId) {
        Repo base = repos.get(owner + "/" + repo);
        Pull pull = pulls(owner, repo).stream()
                .filter(p -> p.number() == number)
                .findFirst()
                .orElseThrow();
        ObjectNode review = reviews.get(base.fullName() + "#" + number).stream()
                .filter(r -> r.path("id").asLong() == reviewId)
                .findFirst()
                .orElseThrow()
                .deepCopy();
        // the REST API spells states in capitals, webhook payloads in small letters
        review.put("state", review.path("state").asString().toLowerCase());
        ObjectNode payload = JSON.createObjectNode().put("action", "submitted");
        payload.set("review", review);
        payload.set("pull_request", pullJson(base, pull));
        return delivery("pull_request_review", payload, base);
    }

    /**
     * GitHub's {@code check_run} delivery (action {@code completed}) for a run {@link #addCheckRun}
     * added on {@code branch}; {@code pullRequests} as GitHub lists them (none for a fork's branch).
     */
    public Delivery checkRunCompletedEvent(String owner, String repo, long runId, String branch, int... pullRequests) {
        Repo base = repos.get(owner + "/" + repo);
        ObjectNode found = findRun(runId);
        ObjectNode run;
        synchronized (found) {
            run = found.deepCopy();
        }
        run.putObject("check_suite")
                .put("id", ids.incrementAndGet())
                .put("head_branch", branch)
                .put("head_sha", run.path("head_sha").asString());
        ArrayNode pulls = run.putArray("pull_requests");
        for (int number : pullRequests) {
            pulls.addObject().put("number", number).putObject("head").put("ref", branch);
        }
        ObjectNode payload = JSON.createObjectNode().put("action", "completed");
        payload.set("check_run", run);
        return delivery("check_run", payload, base);
    }

    /** A delivery of any event type with any payload (e.g. {@code ping}). */
    public Delivery event(String type, ObjectNode payload) {
        return new Delivery(type, UUID.randomUUID().toString(), JSON.writeValueAsBytes(payload));
    }

    private Delivery delivery(String type, ObjectNode payload, Repo repo) {
        ObjectNode repository = payload.putObject("repository")
                .put("id", repo.id())
                .put("name", repo.name())
                .put("full_name", repo.fullName())
                .put("private", false)
                .put("html_url", url() + "/" + repo.fullName())
                .put("default_branch", "main");
        repository.putObject("owner").put("login", repo.owner()).put("type", "User");
        payload.putObject("sender").put("login", repo.owner()).put("type", "User");
        return event(type, payload);
    }

    /** {@code X-Hub-Signature-256} for {@code body}: GitHub's HMAC-SHA256 under the webhook's secret. */
    public static String sign(String secret, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return "sha256=" + HexFormat.of().formatHex(mac.doFinal(body));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Posts the delivery to {@code url} as GitHub does, signed with {@code secret}. */
    public static ApiResponse deliver(String url, Delivery delivery, String secret) {
        return deliverWithSignature(url, delivery, sign(secret, delivery.body()));
    }

    /** Posts the delivery with the headers GitHub sends and {@code signature} (null: none). */
    public static ApiResponse deliverWithSignature(String url, Delivery delivery, @Nullable String signature) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url))
                .timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json")
                .header("User-Agent", "GitHub-Hookshot/fake")
                .header("X-GitHub-Event", delivery.event())
                .header("X-GitHub-Delivery", delivery.id())
                .header("X-GitHub-Hook-ID", "1")
                .POST(HttpRequest.BodyPublishers.ofByteArray(delivery.body()));
        if (signature != null) {
            request.header("X-Hub-Signature-256", signature);
        }
        try {
            HttpResponse<String> response = HOOKSHOT.send(request.build(), HttpResponse.BodyHandlers.ofString());
            return new ApiResponse(response.statusCode(), response.headers(), response.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    // ---- HTTP ----

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getRawPath();
            Matcher git = GIT_PATH.matcher(path);
            if (git.matches()) {
                gitHttp(exchange, git.group(1), git.group(2), git.group(3));
                return;
            }
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            Map<String, String> headers = new LinkedHashMap<>();
            exchange.getRequestHeaders().forEach((k, v) -> headers.put(k.toLowerCase(), String.join(",", v)));
            String query = exchange.getRequestURI().getRawQuery();
            requests.add(new Recorded(exchange.getRequestMethod(), path, query, headers, body));
            route(exchange, path, query, body);
        } catch (RuntimeException e) {
            send(exchange, 500, message("fake GitHub failed: " + e));
        }
    }

    private void route(HttpExchange exchange, String path, @Nullable String query, String body) throws IOException {
        String method = exchange.getRequestMethod();
        if (method.equals("GET") && path.equals("/login/oauth/authorize")) {
            authorize(exchange, form(query));
            return;
        }
        if (method.equals("POST") && path.equals("/login/oauth/access_token")) {
            accessToken(exchange, form(body));
            return;
        }
        User user = apiUser(exchange);
        if (user == null) {
            send(exchange, 401, message("Bad credentials"));
            return;
        }
        if (method.equals("GET") && path.equals("/user")) {
            ObjectNode json = JSON.createObjectNode()
                    .put("login", user.login())
                    .put("id", user.id())
                    .put("avatar_url", url() + "/avatars/u/" + user.id())
                    .put("type", "User")
                    .put("name", user.login().toUpperCase());
            send(exchange, 200, json);
            return;
        }
        Matcher repoPath = REPO_PATH.matcher(path);
        if (!repoPath.matches()) {
            send(exchange, 404, message("Not Found"));
            return;
        }
        Repo repo = repos.get(repoPath.group(1) + "/" + repoPath.group(2));
        if (repo == null || Instant.now().isBefore(repo.readyAt())) {
            send(exchange, 404, message("Not Found"));
            return;
        }
        String rest = repoPath.group(3) == null ? "" : repoPath.group(3);
        Matcher checkRunsPath = CHECK_RUNS_PATH.matcher(rest);
        if (method.equals("GET") && checkRunsPath.matches()) {
            listCheckRuns(exchange, repo, checkRunsPath.group(1));
            return;
        }
        Matcher statusPath = STATUS_PATH.matcher(rest);
        if (method.equals("GET") && statusPath.matches()) {
            combinedStatus(exchange, repo, statusPath.group(1));
            return;
        }
        switch (method + " " + rest.replaceAll("/\\d+", "/N")) {
            case "GET " -> send(exchange, 200, repoJson(repo, user));
            case "POST /forks" -> fork(exchange, repo, user);
            case "GET /pulls" -> listPulls(exchange, repo, form(query));
            case "POST /pulls" -> createPull(exchange, repo, user, JSON.readTree(body));
            case "GET /pulls/N/merge" -> {
                int number = Integer.parseInt(rest.split("/")[2]);
                boolean merged =
                        pulls(repo.owner(), repo.name()).stream().anyMatch(p -> p.number() == number && p.merged());
                if (merged) {
                    exchange.sendResponseHeaders(204, -1);
                } else {
                    send(exchange, 404, message("Not Found"));
                }
            }
            case "GET /pulls/N" -> getPull(exchange, repo, Integer.parseInt(rest.split("/")[2]));
            case "GET /pulls/N/reviews" -> listReviews(exchange, repo, Integer.parseInt(rest.split("/")[2]));
            case "GET /pulls/N/comments" -> listReviewComments(exchange, repo, Integer.parseInt(rest.split("/")[2]));
            case "PUT /pulls/N/merge" ->
                mergePull(exchange, repo, Integer.parseInt(rest.split("/")[2]), JSON.readTree(body));
            default -> send(exchange, 404, message("Not Found"));
        }
    }

    /**
     * GitHub's merge button over the API, done for real on the bare repositories: the head branch is
     * fetched into the base repository, merged with {@code git merge-tree} (405 "not mergeable" on a
     * conflict, as GitHub answers) and the base branch moved with the old head as a guard.
     */
    private void mergePull(HttpExchange exchange, Repo repo, int number, JsonNode request) throws IOException {
        String method = request.path("merge_method").asString("merge");
        List<Pull> list = pulls.getOrDefault(repo.fullName(), List.of());
        synchronized (list) {
            Pull pull =
                    list.stream().filter(p -> p.number() == number).findFirst().orElse(null);
            if (pull == null) {
                send(exchange, 404, message("Not Found"));
                return;
            }
            if (pull.closed()) {
                send(exchange, 405, message("Pull Request is not mergeable"));
                return;
            }
            String refusal = mergeRefusals.get(repo.fullName());
            if (refusal != null) {
                send(exchange, 405, message(refusal));
                return;
            }
            if (!method.equals("merge") && !method.equals("squash")) {
                send(exchange, 422, message("Merge method " + method + " is not supported by the fake"));
                return;
            }
            String[] head = pull.head().split(":", 2);
            Repo headRepo = head[0].equals(repo.owner()) ? repo : repos.get(head[0] + "/" + repo.name());
            Path bare = repo.bare();
            String pullRef = "refs/pull/" + number + "/head";
            GitFixtures.git(
                    bare, "fetch", "--quiet", headRepo.bare().toString(), "+refs/heads/" + head[1] + ":" + pullRef);
            String base = GitFixtures.git(bare, "rev-parse", "refs/heads/" + pull.base())
                    .strip();
            if (GitFixtures.gitResult(bare, "merge-tree", "--write-tree", base, pullRef) != 0) {
                send(exchange, 405, message("Pull Request is not mergeable"));
                return;
            }
            String tree = GitFixtures.git(bare, "merge-tree", "--write-tree", base, pullRef)
                    .strip();
            String message = pull.title() + " (#" + number + ")";
            String sha = (method.equals("squash")
                            ? GitFixtures.git(bare, "commit-tree", tree, "-p", base, "-m", message)
                            : GitFixtures.git(bare, "commit-tree", tree, "-p", base, "-p", pullRef, "-m", message))
                    .strip();
            GitFixtures.git(bare, "update-ref", "refs/heads/" + pull.base(), sha, base);
            list.set(list.indexOf(pull), pull.closedAs(true));
            send(
                    exchange,
                    200,
                    JSON.createObjectNode()
                            .put("sha", sha)
                            .put("merged", true)
                            .put("message", "Pull Request successfully merged"));
        }
    }

    private void authorize(HttpExchange exchange, Map<String, String> params) throws IOException {
        String login = browserUser;
        if (login == null || !CLIENT_ID.equals(params.get("client_id"))) {
            send(exchange, 400, message("no signed-in browser user or unknown client_id"));
            return;
        }
        String code = UUID.randomUUID().toString().replace("-", "").substring(0, 20);
        codes.put(code, login);
        String redirect = Objects.requireNonNull(params.get("redirect_uri"));
        String location = redirect + (redirect.contains("?") ? "&" : "?") + "code=" + code + "&state="
                + URLEncoder.encode(params.getOrDefault("state", ""), StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Location", location);
        exchange.sendResponseHeaders(302, -1);
    }

    private void accessToken(HttpExchange exchange, Map<String, String> params) throws IOException {
        String clientId = params.get("client_id");
        String clientSecret = params.get("client_secret");
        String basic = exchange.getRequestHeaders().getFirst("Authorization");
        if (basic != null && basic.startsWith("Basic ")) {
            String[] pair =
                    new String(Base64.getDecoder().decode(basic.substring(6)), StandardCharsets.UTF_8).split(":", 2);
            clientId = URLDecoder.decode(pair[0], StandardCharsets.UTF_8);
            clientSecret = URLDecoder.decode(pair[1], StandardCharsets.UTF_8);
        }
        ObjectNode json = JSON.createObjectNode();
        String login = params.get("code") == null ? null : codes.remove(params.get("code"));
        if (!CLIENT_ID.equals(clientId) || !CLIENT_SECRET.equals(clientSecret)) {
            json.put("error", "incorrect_client_credentials")
                    .put("error_description", "The client_id and/or client_secret passed are incorrect.");
        } else if (login == null) {
            // GitHub answers 200 with an error body for a used or unknown code
            json.put("error", "bad_verification_code")
                    .put("error_description", "The code passed is incorrect or expired.");
        } else {
            json.put("access_token", usersByLogin.get(login).token())
                    .put("token_type", "bearer")
                    .put("scope", "read:user,repo");
        }
        String accept = exchange.getRequestHeaders().getFirst("Accept");
        if (accept != null && accept.contains("application/json")) {
            send(exchange, 200, json);
        } else {
            StringBuilder form = new StringBuilder();
            json.properties()
                    .forEach(e -> form.append(form.isEmpty() ? "" : "&")
                            .append(e.getKey())
                            .append('=')
                            .append(URLEncoder.encode(e.getValue().asString(), StandardCharsets.UTF_8)));
            byte[] bytes = form.toString().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/x-www-form-urlencoded");
            exchange.sendResponseHeaders(200, bytes.length);
            exchange.getResponseBody().write(bytes);
        }
    }

    private @Nullable User apiUser(HttpExchange exchange) {
        String header = exchange.getRequestHeaders().getFirst("Authorization");
        if (header == null) {
            return null;
        }
        String token = header.replaceFirst("^(?i)(bearer|token) ", "");
        return usersByLogin.values().stream()
                .filter(u -> u.token().equals(token))
                .findFirst()
                .orElse(null);
    }

    private ObjectNode repoJson(Repo repo, User viewer) {
        boolean push = repo.pushers().contains(viewer.login());
        ObjectNode json = JSON.createObjectNode()
                .put("id", repo.id())
                .put("name", repo.name())
                .put("full_name", repo.fullName())
                .put("private", false)
                .put("fork", repo.parent() != null)
                .put("default_branch", "main")
                .put("html_url", url() + "/" + repo.fullName())
                .put("clone_url", url() + "/" + repo.fullName() + ".git");
        json.putObject("owner").put("login", repo.owner()).put("type", "User");
        json.putObject("permissions").put("admin", push).put("push", push).put("pull", true);
        if (repo.parent() != null) {
            Repo parent = repos.get(repo.parent());
            json.putObject("parent").put("full_name", parent.fullName()).put("default_branch", "main");
        }
        return json;
    }

    private void fork(HttpExchange exchange, Repo upstream, User user) throws IOException {
        String key = user.login() + "/" + upstream.name();
        Repo fork = repos.computeIfAbsent(key, k -> {
            Path bare = bare(user.login(), upstream.name());
            GitFixtures.git(root, "clone", "--quiet", "--bare", upstream.bare().toString(), bare.toString());
            return new Repo(
                    user.login(),
                    upstream.name(),
                    bare,
                    List.of(user.login()),
                    upstream.fullName(),
                    Instant.now().plus(forkDelay),
                    ids.incrementAndGet());
        });
        send(exchange, 202, repoJson(fork, user));
    }

    private void listPulls(HttpExchange exchange, Repo repo, Map<String, String> params) throws IOException {
        String head = params.get("head");
        String state = params.getOrDefault("state", "open");
        ArrayNode list = JSON.createArrayNode();
        for (Pull pull : pulls(repo.owner(), repo.name())) {
            boolean open = !pull.closed();
            if ((head == null || head.equals(pull.head()))
                    && (state.equals("all") || state.equals(open ? "open" : "closed"))) {
                list.add(pullJson(repo, pull));
            }
        }
        send(exchange, 200, list);
    }

    private void createPull(HttpExchange exchange, Repo repo, User user, JsonNode request) throws IOException {
        String head = request.path("head").asString();
        String headRef = head.contains(":") ? head : repo.owner() + ":" + head;
        String base = request.path("base").asString();
        String[] parts = headRef.split(":", 2);
        Repo headRepo = parts[0].equals(repo.owner()) ? repo : repos.get(parts[0] + "/" + repo.name());
        if (headRepo == null
                || GitFixtures.gitResult(headRepo.bare(), "rev-parse", "--verify", "--quiet", "refs/heads/" + parts[1])
                        != 0) {
            send(exchange, 422, validation("head", "invalid"));
            return;
        }
        List<Pull> list = pulls.computeIfAbsent(repo.fullName(), k -> new CopyOnWriteArrayList<>());
        synchronized (list) {
            // one open pull request per head; a closed one does not count (a new one may be opened)
            if (list.stream().anyMatch(p -> p.head().equals(headRef) && !p.closed())) {
                send(exchange, 422, validation("pull", "A pull request already exists for " + headRef + "."));
                return;
            }
            Pull pull = new Pull(
                    pullNumbers.incrementAndGet(),
                    repo.fullName(),
                    request.path("title").asString(),
                    request.path("body").asString(),
                    headRef,
                    base,
                    false,
                    false);
            list.add(pull);
            send(exchange, 201, pullJson(repo, pull));
        }
    }

    private ObjectNode pullJson(Repo repo, Pull pull) {
        ObjectNode json = JSON.createObjectNode()
                .put("number", pull.number())
                .put("html_url", url() + "/" + repo.fullName() + "/pull/" + pull.number())
                .put("state", pull.closed() ? "closed" : "open")
                .put("title", pull.title())
                .put("body", pull.body())
                .put("merged", pull.merged());
        json.putObject("head")
                .put("label", pull.head())
                .put("ref", pull.head().substring(pull.head().indexOf(':') + 1));
        json.putObject("base").put("ref", pull.base());
        return json;
    }

    // ---- git smart HTTP through git http-backend (CGI) ----

    private void gitHttp(HttpExchange exchange, String owner, String name, String rest) throws IOException {
        requests.add(new Recorded(
                exchange.getRequestMethod(),
                exchange.getRequestURI().getRawPath(),
                exchange.getRequestURI().getRawQuery(),
                Map.of(),
                ""));
        Repo repo = repos.get(owner + "/" + name);
        User user = basicUser(exchange);
        boolean push = rest.endsWith("git-receive-pack")
                || "service=git-receive-pack".equals(exchange.getRequestURI().getRawQuery());
        if (user == null) {
            exchange.getResponseHeaders().add("WWW-Authenticate", "Basic realm=\"GitHub\"");
            exchange.sendResponseHeaders(401, -1);
            return;
        }
        if (repo == null || Instant.now().isBefore(repo.readyAt())) {
            exchange.sendResponseHeaders(404, -1);
            return;
        }
        if (push && !repo.pushers().contains(user.login())) {
            exchange.sendResponseHeaders(403, -1);
            return;
        }
        ProcessBuilder cgi = new ProcessBuilder("git", "http-backend");
        Map<String, String> env = cgi.environment();
        env.put("GIT_PROJECT_ROOT", root.resolve("repos").toString());
        env.put("GIT_HTTP_EXPORT_ALL", "1");
        env.put("PATH_INFO", "/" + owner + "/" + name + ".git" + rest);
        env.put(
                "QUERY_STRING",
                Objects.requireNonNullElse(exchange.getRequestURI().getRawQuery(), ""));
        env.put("REQUEST_METHOD", exchange.getRequestMethod());
        env.put("REMOTE_USER", user.login());
        env.put("REMOTE_ADDR", "127.0.0.1");
        String contentType = exchange.getRequestHeaders().getFirst("Content-Type");
        if (contentType != null) {
            env.put("CONTENT_TYPE", contentType);
        }
        String encoding = exchange.getRequestHeaders().getFirst("Content-Encoding");
        if (encoding != null) {
            env.put("HTTP_CONTENT_ENCODING", encoding);
        }
        String protocol = exchange.getRequestHeaders().getFirst("Git-Protocol");
        if (protocol != null) {
            env.put("GIT_PROTOCOL", protocol);
        }
        Process process = cgi.start();
        Thread feeder = Thread.ofVirtual().start(() -> {
            try (OutputStream in = process.getOutputStream();
                    InputStream body = exchange.getRequestBody()) {
                body.transferTo(in);
            } catch (IOException e) {
                // git stopped reading: its answer says why
            }
        });
        Thread.ofVirtual().start(() -> {
            try (InputStream err = process.getErrorStream()) {
                err.transferTo(OutputStream.nullOutputStream());
            } catch (IOException e) {
                // nothing to report
            }
        });
        InputStream out = process.getInputStream();
        int status = 200;
        String line;
        while (!(line = readLine(out)).isEmpty()) {
            int colon = line.indexOf(':');
            String header = line.substring(0, colon).trim();
            String value = line.substring(colon + 1).trim();
            if (header.equalsIgnoreCase("Status")) {
                status = Integer.parseInt(value.split(" ")[0]);
            } else {
                exchange.getResponseHeaders().add(header, value);
            }
        }
        exchange.sendResponseHeaders(status, 0);
        try (OutputStream response = exchange.getResponseBody()) {
            out.transferTo(response);
        }
        try {
            feeder.join();
            process.waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private @Nullable User basicUser(HttpExchange exchange) {
        String header = exchange.getRequestHeaders().getFirst("Authorization");
        if (header == null || !header.startsWith("Basic ")) {
            return null;
        }
        String[] pair =
                new String(Base64.getDecoder().decode(header.substring(6)), StandardCharsets.UTF_8).split(":", 2);
        if (pair.length != 2) {
            return null;
        }
        return usersByLogin.values().stream()
                .filter(u -> u.token().equals(pair[1]))
                .findFirst()
                .orElse(null);
    }

    private static String readLine(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) != -1 && b != '\n') {
            if (b != '\r') {
                line.write(b);
            }
        }
        return line.toString(StandardCharsets.UTF_8);
    }

    // ---- helpers ----

    private Path bare(String owner, String name) {
        return root.resolve("repos").resolve(owner).resolve(name + ".git");
    }

    private static Map<String, String> form(@Nullable String encoded) {
        Map<String, String> params = new LinkedHashMap<>();
        if (encoded == null || encoded.isEmpty()) {
            return params;
        }
        for (String pair : encoded.split("&")) {
            String[] kv = pair.split("=", 2);
            params.put(
                    URLDecoder.decode(kv[0], StandardCharsets.UTF_8),
                    kv.length == 2 ? URLDecoder.decode(kv[1], StandardCharsets.UTF_8) : "");
        }
        return params;
    }

    private static ObjectNode message(String text) {
        return JSON.createObjectNode().put("message", text).put("documentation_url", "https://docs.github.com/rest");
    }

    private static ObjectNode validation(String field, String text) {
        ObjectNode json = message("Validation Failed");
        json.putArray("errors")
                .addObject()
                .put("resource", "PullRequest")
                .put("field", field)
                .put("code", "custom")
                .put("message", text);
        return json;
    }

    private static void send(HttpExchange exchange, int status, JsonNode body) throws IOException {
        byte[] bytes = JSON.writeValueAsBytes(body);
        exchange.getResponseHeaders().add("Content-Type", "application/json; charset=utf-8");
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
    }
}
