package dev.internvillage.github;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The GitHub REST calls the product makes, each with the token of the user it acts for. The token
 * goes only into the {@code Authorization} header; error messages quote GitHub's message, never the
 * request.
 */
@Component
public class GitHubClient {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private final GitHubSettings settings;
    private final JsonMapper json;
    private final HttpClient http;

    GitHubClient(GitHubSettings settings) {
        this.settings = settings;
        this.json = JsonMapper.builder().build();
        this.http = HttpClient.newBuilder()
                .connectTimeout(Duration.ofSeconds(10))
                .followRedirects(HttpClient.Redirect.NORMAL)
                .build();
    }

    /** The repository, or empty when it does not exist or the user cannot see it. */
    public Optional<GitHubRepository> repository(String token, String owner, String repo) {
        Answer answer = call(token, "GET", repoPath(owner, repo), null);
        if (answer.status() == 404) {
            return Optional.empty();
        }
        return Optional.of(repositoryOf(answer.expect(200, "read repository " + owner + "/" + repo)));
    }

    /**
     * Forks {@code owner/repo} into the user's account and waits, with backoff, until GitHub serves
     * the fork (forking is asynchronous there). GitHub returns the existing fork when there is one.
     */
    public GitHubRepository fork(String token, String owner, String repo, Duration maxWait) {
        JsonNode forked =
                call(token, "POST", repoPath(owner, repo, "forks"), "{}").expect(202, "fork " + owner + "/" + repo);
        GitHubRepository fork = repositoryOf(forked);
        Instant deadline = Instant.now().plus(maxWait);
        Duration pause = Duration.ofMillis(100);
        while (true) {
            Optional<GitHubRepository> ready = repository(token, fork.owner(), fork.name());
            if (ready.isPresent()) {
                return ready.get();
            }
            if (Instant.now().plus(pause).isAfter(deadline)) {
                throw new GitHubException(
                        "the fork " + fork.owner() + "/" + fork.name() + " was not ready within " + maxWait.toSeconds()
                                + " s; try again in a minute",
                        504);
            }
            try {
                Thread.sleep(pause);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new GitHubException("interrupted while waiting for the fork", -1);
            }
            pause = pause.multipliedBy(2).compareTo(Duration.ofSeconds(5)) > 0
                    ? Duration.ofSeconds(5)
                    : pause.multipliedBy(2);
        }
    }

    /** The open pull request whose head is {@code headOwner:branch}, if there is one. */
    public Optional<GitHubPullRequest> openPullRequest(String token, String owner, String repo, String head) {
        JsonNode list = call(
                        token,
                        "GET",
                        repoPath(owner, repo, "pulls") + "?state=open&head="
                                + URLEncoder.encode(head, StandardCharsets.UTF_8),
                        null)
                .expect(200, "list pull requests of " + owner + "/" + repo);
        for (JsonNode pull : list) {
            return Optional.of(pullOf(pull));
        }
        return Optional.empty();
    }

    public GitHubPullRequest createPullRequest(
            String token, String owner, String repo, String title, String head, String base, String body) {
        String request = json.createObjectNode()
                .put("title", title)
                .put("head", head)
                .put("base", base)
                .put("body", body)
                .toString();
        return pullOf(call(token, "POST", repoPath(owner, repo, "pulls"), request)
                .expect(201, "open a pull request on " + owner + "/" + repo));
    }

    /** Whether GitHub has merged the pull request (204 merged, 404 not). */
    public boolean isMerged(String token, String owner, String repo, int number) {
        Answer answer = call(token, "GET", repoPath(owner, repo, "pulls", Integer.toString(number), "merge"), null);
        if (answer.status() == 204) {
            return true;
        }
        if (answer.status() == 404) {
            return false;
        }
        answer.expect(204, "check pull request #" + number);
        return false;
    }

    /**
     * {@code /repos/{owner}/{repo}/{rest...}} from names that passed {@link GitHubNames} and segments
     * each percent-encoded, so no value can add, remove or climb a path segment.
     *
     * @throws dev.internvillage.common.DomainException INVALID_REQUEST for a name GitHub would not
     *     allow; no request is made then
     */
    static String repoPath(String owner, String repo, String... rest) {
        StringBuilder path = new StringBuilder("/repos/")
                .append(segment(GitHubNames.owner(owner)))
                .append('/')
                .append(segment(GitHubNames.repository(repo)));
        for (String part : rest) {
            path.append('/').append(segment(part));
        }
        return path.toString();
    }

    /** One path segment, every byte outside RFC 3986's unreserved characters percent-encoded. */
    static String segment(String value) {
        if (value.isEmpty() || value.equals(".") || value.equals("..")) {
            throw new IllegalArgumentException("not a path segment: '" + value + "'");
        }
        StringBuilder encoded = new StringBuilder();
        for (byte b : value.getBytes(StandardCharsets.UTF_8)) {
            char c = (char) (b & 0xff);
            boolean unreserved = (c >= 'A' && c <= 'Z')
                    || (c >= 'a' && c <= 'z')
                    || (c >= '0' && c <= '9')
                    || c == '-'
                    || c == '.'
                    || c == '_'
                    || c == '~';
            if (unreserved) {
                encoded.append(c);
            } else {
                encoded.append('%').append(String.format("%02X", b & 0xff));
            }
        }
        return encoded.toString();
    }

    /**
     * Merges the pull request ({@code PUT .../pulls/{n}/merge}) with {@code method} ({@code merge},
     * {@code squash} or {@code rebase}).
     *
     * @return the merge commit's SHA
     * @throws GitHubException with GitHub's own message when it refuses (405 not mergeable, 409 head
     *     moved) or fails
     */
    public String mergePullRequest(String token, String owner, String repo, int number, String method) {
        String request = json.createObjectNode().put("merge_method", method).toString();
        Answer answer = call(token, "PUT", repoPath(owner, repo, "pulls", Integer.toString(number), "merge"), request);
        if (answer.status() == 405 || answer.status() == 409) {
            String message =
                    answer.body() == null ? "" : answer.body().path("message").asString("");
            throw new GitHubException(
                    "GitHub refused to merge pull request #" + number + ": "
                            + (message.isEmpty() ? "HTTP " + answer.status() : message),
                    answer.status());
        }
        return answer.expect(200, "merge pull request #" + number).path("sha").asString("");
    }

    /**
     * The reviews of pull request {@code number}, as a conditional request: with the ETag of the
     * last answer, an unchanged list costs GitHub's 304 (which does not count against the rate
     * limit).
     */
    public GitHubReview.Page reviews(String token, String owner, String repo, int number, @Nullable String etag) {
        HttpResponse<String> response = conditionalGet(
                token, repoPath(owner, repo, "pulls", Integer.toString(number), "reviews") + "?per_page=100", etag);
        if (response.statusCode() == 304) {
            return new GitHubReview.Page(List.of(), etag, true);
        }
        JsonNode list = answer(response).expect(200, "read the reviews of pull request #" + number);
        List<GitHubReview> reviews = new ArrayList<>();
        for (JsonNode review : list) {
            reviews.add(new GitHubReview(
                    review.path("id").asLong(),
                    review.path("user").path("login").asString(""),
                    review.path("state").asString(""),
                    review.path("body").asString("")));
        }
        return new GitHubReview.Page(
                reviews, response.headers().firstValue("ETag").orElse(null), false);
    }

    /**
     * Whether pull request {@code number} is open, closed or merged, as a conditional request like
     * {@link #reviews}: an unchanged pull request costs a 304.
     */
    public GitHubPullRequestState pullRequestState(
            String token, String owner, String repo, int number, @Nullable String etag) {
        HttpResponse<String> response =
                conditionalGet(token, repoPath(owner, repo, "pulls", Integer.toString(number)), etag);
        if (response.statusCode() == 304) {
            return new GitHubPullRequestState(true, false, etag, true);
        }
        JsonNode pull = answer(response).expect(200, "read pull request #" + number);
        return new GitHubPullRequestState(
                pull.path("state").asString("open").equals("open"),
                pull.path("merged").asBoolean(false),
                response.headers().firstValue("ETag").orElse(null),
                false);
    }

    /** A GET with {@code If-None-Match} when an ETag is known; the caller handles 304. */
    private HttpResponse<String> conditionalGet(String token, String path, @Nullable String etag) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(settings.apiUrl(path)))
                .timeout(TIMEOUT)
                .header("Authorization", "Bearer " + token)
                .header("Accept", "application/vnd.github+json")
                .header("X-GitHub-Api-Version", "2022-11-28")
                .GET();
        if (etag != null) {
            request.header("If-None-Match", etag);
        }
        return send(request.build());
    }

    /** The review comments (on lines of files) of pull request {@code number}. */
    public List<GitHubReview.LineComment> reviewComments(String token, String owner, String repo, int number) {
        JsonNode list = call(
                        token,
                        "GET",
                        repoPath(owner, repo, "pulls", Integer.toString(number), "comments") + "?per_page=100",
                        null)
                .expect(200, "read the review comments of pull request #" + number);
        List<GitHubReview.LineComment> comments = new ArrayList<>();
        for (JsonNode comment : list) {
            JsonNode line = comment.path("line");
            comments.add(new GitHubReview.LineComment(
                    comment.path("pull_request_review_id").asLong(),
                    comment.path("path").asString(""),
                    line.isInt() ? line.asInt() : null,
                    comment.path("body").asString("")));
        }
        return comments;
    }

    /** The check runs on commit {@code sha}. */
    public List<GitHubCheckRun> checkRuns(String token, String owner, String repo, String sha) {
        JsonNode answer = call(
                        token, "GET", repoPath(owner, repo, "commits", sha, "check-runs") + "?per_page=100", null)
                .expect(200, "read the check runs of " + sha);
        List<GitHubCheckRun> runs = new ArrayList<>();
        for (JsonNode run : answer.path("check_runs")) {
            runs.add(new GitHubCheckRun(
                    run.path("id").asLong(),
                    run.path("name").asString(""),
                    run.path("status").asString(""),
                    run.path("conclusion").asString(""),
                    run.path("output").path("summary").asString(""),
                    run.path("output").path("text").asString(""),
                    textOrNull(run.path("details_url"))
                            .orElse(textOrNull(run.path("html_url")).orElse(null))));
        }
        return runs;
    }

    /**
     * The commit statuses on commit {@code sha}, the latest per context, from GitHub's combined
     * status (its first 100; a commit rarely has more).
     */
    public List<GitHubCommitStatus> commitStatuses(String token, String owner, String repo, String sha) {
        JsonNode answer = call(token, "GET", repoPath(owner, repo, "commits", sha, "status") + "?per_page=100", null)
                .expect(200, "read the commit statuses of " + sha);
        List<GitHubCommitStatus> statuses = new ArrayList<>();
        for (JsonNode status : answer.path("statuses")) {
            statuses.add(new GitHubCommitStatus(
                    status.path("context").asString(""),
                    status.path("state").asString(""),
                    textOrNull(status.path("target_url")).orElse(null)));
        }
        return statuses;
    }

    /** A node's text, when it is a non-empty string (GitHub writes {@code null} for a missing link). */
    private static Optional<String> textOrNull(JsonNode node) {
        return node.isString() && !node.asString().isBlank() ? Optional.of(node.asString()) : Optional.empty();
    }

    private HttpResponse<String> send(HttpRequest request) {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new GitHubException("GitHub cannot be reached: " + e.getMessage(), -1);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new GitHubException("interrupted while calling GitHub", -1);
        }
    }

    private Answer answer(HttpResponse<String> response) {
        JsonNode parsed = null;
        if (!response.body().isBlank()) {
            try {
                parsed = json.readTree(response.body());
            } catch (JacksonException e) {
                parsed = json.createObjectNode().put("message", "not JSON");
            }
        }
        return new Answer(response.statusCode(), parsed, json);
    }

    private GitHubRepository repositoryOf(JsonNode node) {
        JsonNode parent = node.path("parent");
        return new GitHubRepository(
                node.path("owner").path("login").asString(),
                node.path("name").asString(),
                node.path("default_branch").asString("main"),
                node.path("permissions").path("push").asBoolean(false),
                parent.isObject() ? parent.path("full_name").asString() : null);
    }

    private static GitHubPullRequest pullOf(JsonNode node) {
        return new GitHubPullRequest(
                node.path("number").asInt(), node.path("html_url").asString());
    }

    private record Answer(int status, @Nullable JsonNode body, JsonMapper json) {
        JsonNode expect(int expected, String what) {
            if (status == expected && body != null) {
                return body;
            }
            String message = body == null ? "" : body.path("message").asString("");
            JsonNode errors = body == null ? null : body.path("errors");
            if (errors != null && errors.isArray() && !errors.isEmpty()) {
                message += ": "
                        + errors.get(0)
                                .path("message")
                                .asString(errors.get(0).path("code").asString(""));
            }
            if (status == 401) {
                throw new GitHubException("GitHub refused the saved token (" + message + "); sign in again", 401);
            }
            throw new GitHubException(
                    "GitHub could not " + what + " (HTTP " + status + (message.isEmpty() ? "" : ", " + message) + ")",
                    status);
        }
    }

    private Answer call(String token, String method, String path, @Nullable String body) {
        HttpRequest request = HttpRequest.newBuilder(URI.create(settings.apiUrl(path)))
                .timeout(TIMEOUT)
                .header("Authorization", "Bearer " + token)
                .header("Accept", "application/vnd.github+json")
                .header("X-GitHub-Api-Version", "2022-11-28")
                .header("Content-Type", "application/json")
                .method(
                        method,
                        body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
                .build();
        return answer(send(request));
    }
}
