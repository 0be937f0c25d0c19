package dev.internvillage.project;

import dev.internvillage.common.DomainException;
import java.net.URI;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
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

    Pattern GITHUB_NAME = Pattern.compile("[A-Za-z0-9_.-]{1,100}");
    Pattern GITHUB_HTTPS = Pattern.compile("^(?:https?://)?(?:www\\.)?github\\.com/([^/]+)/([^/]+?)(?:\\.git)?/?$");
    Pattern GITHUB_SSH = Pattern.compile("^git@github\\.com:([^/]+)/([^/]+?)(?:\\.git)?$");

    static RepoLocation parse(String raw) {
        String value = raw.strip();
        if (value.isEmpty()) {
            throw DomainException.invalid("repo_url is required");
        }
        if (value.length() > MAX_LENGTH) {
            throw DomainException.invalid("repo_url must be at most " + MAX_LENGTH + " characters");
        }
        if (value.contains("github.com")) {
            return gitHub(value);
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

    private static RepoLocation gitHub(String value) {
        Matcher matcher = GITHUB_HTTPS.matcher(value);
        if (!matcher.matches()) {
            matcher = GITHUB_SSH.matcher(value);
        }
        if (!matcher.matches()
                || !GITHUB_NAME.matcher(matcher.group(1)).matches()
                || !GITHUB_NAME.matcher(matcher.group(2)).matches()) {
            throw DomainException.invalid("repo_url '" + value
                    + "' is not a GitHub repository: use github.com/OWNER/REPO, https://github.com/OWNER/REPO(.git)"
                    + " or git@github.com:OWNER/REPO.git");
        }
        return new GitHubRepo(matcher.group(1), matcher.group(2));
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
