package dev.internvillage.github;

import dev.internvillage.common.DomainException;
import java.util.regex.Pattern;

/**
 * GitHub's rules for account and repository names, checked before a name goes into any URL: a
 * name such as {@code ..} would otherwise turn {@code /repos/{owner}/{repo}} into another API path
 * called with the user's token.
 *
 * <ul>
 *   <li>owner (user or organization): 1–39 characters, letters, digits and single hyphens, not at
 *       the start or the end, optionally followed by {@code _} and a short code (the logins of
 *       Enterprise Managed Users, e.g. {@code octo-cat_acme});
 *   <li>repository: 1–100 characters of letters, digits, {@code .}, {@code _} and {@code -}, but not
 *       {@code .} or {@code ..}.
 * </ul>
 */
public final class GitHubNames {

    public static final int MAX_OWNER = 39;
    public static final int MAX_REPOSITORY = 100;

    private static final Pattern OWNER = Pattern.compile("[A-Za-z0-9]+(?:-[A-Za-z0-9]+)*(?:_[A-Za-z0-9]+)?");
    private static final Pattern REPOSITORY = Pattern.compile("[A-Za-z0-9._-]+");

    private GitHubNames() {}

    public static boolean isOwner(String name) {
        return name.length() <= MAX_OWNER && OWNER.matcher(name).matches();
    }

    public static boolean isRepository(String name) {
        return name.length() <= MAX_REPOSITORY
                && REPOSITORY.matcher(name).matches()
                && !name.equals(".")
                && !name.equals("..");
    }

    /**
     * {@code name} if it is a valid owner name.
     *
     * @throws DomainException INVALID_REQUEST naming the rule
     */
    public static String owner(String name) {
        if (!isOwner(name)) {
            throw DomainException.invalid("'" + name + "' is not a GitHub owner name: 1 to " + MAX_OWNER
                    + " letters, digits or single hyphens, not starting or ending with a hyphen");
        }
        return name;
    }

    /**
     * {@code name} if it is a valid repository name.
     *
     * @throws DomainException INVALID_REQUEST naming the rule
     */
    public static String repository(String name) {
        if (!isRepository(name)) {
            throw DomainException.invalid("'" + name + "' is not a GitHub repository name: 1 to " + MAX_REPOSITORY
                    + " letters, digits, '.', '_' or '-', and not '.' or '..'");
        }
        return name;
    }
}
