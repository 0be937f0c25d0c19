package dev.internvillage.project;

import dev.internvillage.common.DomainException;
import dev.internvillage.github.GitHubNames;
import java.net.URI;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A {@code repo_url} as the user gave it, sorted into the kinds of repository we support. */
sealed interface RepoLocation {

    /** A repository on this machine's file system. */
    record LocalPath(Path path) implements RepoLocation {
        String name() {
            String last = path.getFileName() == null
                    ? "repository"
                    : path.getFileName().toString();
            return last.endsWith(".git") && last.length() > 4 ? last.substring(0, last.length() - 4) : last;
        }
    }

    /** A repository on GitHub. */
    record GitHubRepo(String owner, String repo) implements RepoLocation {}

    int MAX_LENGTH = 2000;

    String GITHUB_COM = "github.com";

    /**
     * Sorts {@code raw}. A GitHub repository is named on the configured GitHub's web host ({@code
     * GITHUB_URL}): {@code <host>/o/r}, {@code https://<host>/o/r(.git)} or {@code git@<host>:o/r.git}
     * — github.com by default, a GitHub Enterprise host otherwise. A github.com URL while another
     * GitHub is configured is refused rather than looked up on the wrong server.
     */
    static RepoLocation parse(String raw, URI gitHubWeb) {
        String value = raw.strip();
        if (value.isEmpty()) {
            throw DomainException.invalid("repo_url is required");
        }
        if (value.length() > MAX_LENGTH) {
            throw DomainException.invalid("repo_url must be at most " + MAX_LENGTH + " characters");
        }
        GitHubHost configured = GitHubHost.of(gitHubWeb);
        if (configured.names(value)) {
            return configured.parse(value);
        }
        if (!configured.isDotCom() && GitHubHost.DOT_COM.names(value)) {
            throw DomainException.unprocessable("repo_url '" + value + "' is on github.com, but this server works with"
                    + " the GitHub at " + configured.web() + ": use " + configured.web() + "/OWNER/REPO");
        }
        if (value.startsWith("file://")) {
            return fileUrl(value);
        }
        if (value.startsWith("/")) {
            return localPath(value);
        }
        if (value.startsWith("~/")) {
            return localPath(System.getProperty("user.home") + value.substring(1));
        }
        if (value.matches("^[a-zA-Z][a-zA-Z0-9+.-]*://.*") || value.matches("^[^/]+@[^/]+:.*")) {
            throw DomainException.invalid("repo_url '" + value
                    + "' is not supported: use a GitHub repository or a local path or file:// URL");
        }
        throw DomainException.invalid(
                "repo_url '" + value + "' must be an absolute path, a file:// URL or a GitHub URL");
    }

    /**
     * The forms that name a repository on one GitHub web host.
     *
     * @param web the host's base URL as configured, for messages
     * @param prefix host, {@code :port} when the URL has one, and a path prefix when GitHub is served
     *     under one, as {@code repo_url}s spell it after the scheme
     * @param host the bare host name, for the SSH form
     */
    record GitHubHost(String web, String prefix, String host) {

        static final GitHubHost DOT_COM = new GitHubHost("https://" + GITHUB_COM, GITHUB_COM, GITHUB_COM);

        static GitHubHost of(URI web) {
            String host = web.getHost().toLowerCase(Locale.ROOT);
            String path = web.getRawPath() == null ? "" : web.getRawPath().replaceAll("/+$", "");
            int defaultPort = "https".equalsIgnoreCase(web.getScheme()) ? 443 : 80;
            String port = web.getPort() == -1 || web.getPort() == defaultPort ? "" : ":" + web.getPort();
            String prefix = (host + port + path).toLowerCase(Locale.ROOT);
            String base = web.toString().replaceAll("/+$", "");
            return prefix.equals(DOT_COM.prefix) ? DOT_COM : new GitHubHost(base, prefix, host);
        }

        boolean isDotCom() {
            return prefix.equals(DOT_COM.prefix);
        }

        private String www() {
            return isDotCom() ? "(?:www\\.)?" : "";
        }

        private Pattern https() {
            return Pattern.compile(
                    "^(?:https?://)?" + www() + Pattern.quote(prefix) + "/([^/]+)/([^/]+?)(?:\\.git)?/?$",
                    Pattern.CASE_INSENSITIVE);
        }

        private Pattern ssh() {
            return Pattern.compile(
                    "^git@" + Pattern.quote(host) + ":([^/]+)/([^/]+?)(?:\\.git)?$", Pattern.CASE_INSENSITIVE);
        }

        /** Whether {@code value} is meant for this host, well-formed or not. */
        boolean names(String value) {
            String lower = value.toLowerCase(Locale.ROOT);
            String rest = lower.replaceFirst("^https?://", "");
            if (isDotCom()) {
                rest = rest.replaceFirst("^www\\.", "");
            }
            return rest.startsWith(prefix + "/") || rest.equals(prefix) || lower.startsWith("git@" + host + ":");
        }

        RepoLocation parse(String value) {
            Matcher matcher = https().matcher(value);
            if (!matcher.matches()) {
                matcher = ssh().matcher(value);
            }
            if (!matcher.matches()) {
                throw DomainException.invalid("repo_url '" + value + "' is not a GitHub repository: use " + prefix
                        + "/OWNER/REPO, https://" + prefix + "/OWNER/REPO(.git) or git@" + host + ":OWNER/REPO.git");
            }
            String owner = matcher.group(1);
            String repo = matcher.group(2);
            if (!GitHubNames.isOwner(owner)) {
                throw DomainException.invalid("repo_url '" + value + "' names no GitHub repository: the owner '" + owner
                        + "' breaks GitHub's rules (1 to " + GitHubNames.MAX_OWNER
                        + " letters, digits or single hyphens, not starting or ending with a hyphen)");
            }
            if (!GitHubNames.isRepository(repo)) {
                throw DomainException.invalid("repo_url '" + value + "' names no GitHub repository: the name '" + repo
                        + "' breaks GitHub's rules (1 to " + GitHubNames.MAX_REPOSITORY
                        + " letters, digits, '.', '_' or '-', and not '.' or '..')");
            }
            return new GitHubRepo(owner, repo);
        }
    }

    private static RepoLocation fileUrl(String value) {
        try {
            URI uri = URI.create(value);
            if (uri.getAuthority() != null
                    && !uri.getAuthority().isEmpty()
                    && !"localhost".equals(uri.getAuthority())) {
                throw DomainException.invalid("repo_url '" + value + "' must name a file on this machine");
            }
            return localPath(uri.getPath());
        } catch (IllegalArgumentException e) {
            throw DomainException.invalid("repo_url '" + value + "' is not a valid file:// URL");
        }
    }

    private static RepoLocation localPath(String value) {
        try {
            if (value.indexOf('\0') >= 0) {
                throw DomainException.invalid("repo_url must not contain NUL characters");
            }
            return new LocalPath(Path.of(value).normalize());
        } catch (InvalidPathException e) {
            throw DomainException.invalid("repo_url '" + value + "' is not a valid path");
        }
    }
}
