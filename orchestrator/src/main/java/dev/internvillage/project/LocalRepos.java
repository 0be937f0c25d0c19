package dev.internvillage.project;

import dev.internvillage.auth.CurrentUser;
import dev.internvillage.auth.User;
import dev.internvillage.auth.UserService;
import dev.internvillage.common.DomainException;
import dev.internvillage.common.ErrorCode;
import dev.internvillage.common.InvalidSettingException;
import dev.internvillage.common.Settings;
import dev.internvillage.github.GitHubNames;
import dev.internvillage.github.GitHubSettings;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;

/**
 * Which local repositories a user may add. In local mode the user is the machine's owner: any path.
 * A hosted server ({@code AUTH_MODE=github}) allows each user only paths under their own directory
 * {@code LOCAL_REPOS_ROOT/<GitHub login in lower case>}, compared after resolving symlinks and
 * {@code ..}: nobody can make the server clone its own files, nor add (and push to) another user's
 * repositories. Without that setting, no local path at all.
 */
@Component
class LocalRepos {

    static final String VARIABLE = "LOCAL_REPOS_ROOT";

    private final boolean hosted;
    private final @Nullable Path root;
    private final UserService users;

    LocalRepos(Settings settings, GitHubSettings gitHub, UserService users) {
        this.hosted = gitHub.enabled();
        this.users = users;
        String value = settings.optional(VARIABLE);
        if (value == null) {
            this.root = null;
            return;
        }
        Path path = Path.of(value);
        if (!path.isAbsolute()) {
            throw new InvalidSettingException(VARIABLE, "must be an absolute path, but is '" + value + "'");
        }
        try {
            this.root = path.toRealPath();
        } catch (IOException e) {
            throw new InvalidSettingException(VARIABLE, "names a directory that does not exist: '" + value + "'");
        }
    }

    /**
     * The path to clone: as given in local mode, its real path under the user's own directory in
     * GitHub mode.
     *
     * @throws DomainException FORBIDDEN when a hosted server does not allow it; the message is the same
     *     whether or not the path exists, so it tells nothing about the server's files
     */
    Path allowed(CurrentUser user, Path requested) {
        if (!hosted) {
            return requested;
        }
        if (root == null) {
            throw new DomainException(
                    ErrorCode.FORBIDDEN,
                    "local repositories are not allowed on this server (LOCAL_REPOS_ROOT is not set);"
                            + " add a GitHub repository instead");
        }
        String directory = directoryOf(users.get(user.id()));
        try {
            Path own = root.resolve(directory).toRealPath();
            Path real = requested.toRealPath();
            if (real.startsWith(own)) {
                return real;
            }
        } catch (IOException e) {
            // reported like any other path outside the user's directory
        }
        throw new DomainException(
                ErrorCode.FORBIDDEN,
                "repo_url " + requested + " is not a repository under your own directory of this server's"
                        + " LOCAL_REPOS_ROOT (" + directory + "/)");
    }

    /** The user's directory under the root: the GitHub login, lower case as GitHub compares them. */
    private static String directoryOf(User user) {
        String login = user.githubUsername();
        if (user.githubId() == null || !GitHubNames.isOwner(login)) {
            // only a GitHub account has a directory; a login that breaks GitHub's rules could climb out
            throw new DomainException(
                    ErrorCode.FORBIDDEN,
                    "local repositories need a GitHub account on this server; add a GitHub" + " repository instead");
        }
        return login.toLowerCase(Locale.ROOT);
    }
}
