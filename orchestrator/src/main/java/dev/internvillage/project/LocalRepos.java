package dev.internvillage.project;

import dev.internvillage.common.DomainException;
import dev.internvillage.common.ErrorCode;
import dev.internvillage.common.InvalidSettingException;
import dev.internvillage.common.Settings;
import dev.internvillage.github.GitHubSettings;
import java.io.IOException;
import java.nio.file.Path;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;

/**
 * Which local repositories a user may add. In local mode the user is the machine's owner: any path.
 * A hosted server ({@code AUTH_MODE=github}) allows only paths under {@code LOCAL_REPOS_ROOT},
 * compared after resolving symlinks and {@code ..}, so nobody can make the server clone its own
 * files; without that setting, no local path at all.
 */
@Component
class LocalRepos {

    static final String VARIABLE = "LOCAL_REPOS_ROOT";

    private final boolean hosted;
    private final @Nullable Path root;

    LocalRepos(Settings settings, GitHubSettings gitHub) {
        this.hosted = gitHub.enabled();
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
     * The path to clone: as given in local mode, its real path under the root in GitHub mode.
     *
     * @throws DomainException FORBIDDEN when a hosted server does not allow it; the message is the same
     *     whether or not the path exists, so it tells nothing about the server's files
     */
    Path allowed(Path requested) {
        if (!hosted) {
            return requested;
        }
        if (root == null) {
            throw new DomainException(
                    ErrorCode.FORBIDDEN,
                    "local repositories are not allowed on this server (LOCAL_REPOS_ROOT is not set);"
                            + " add a GitHub repository instead");
        }
        try {
            Path real = requested.toRealPath();
            if (real.startsWith(root)) {
                return real;
            }
        } catch (IOException e) {
            // reported like any other path outside the root
        }
        throw new DomainException(
                ErrorCode.FORBIDDEN,
                "repo_url " + requested + " is not a repository under this server's LOCAL_REPOS_ROOT");
    }
}
