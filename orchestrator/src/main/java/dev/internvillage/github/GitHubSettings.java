package dev.internvillage.github;

import dev.internvillage.common.InvalidSettingException;
import dev.internvillage.common.Settings;
import java.net.URI;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * Where GitHub is and how this app is registered with it. {@code GITHUB_URL} is GitHub's web host:
 * the OAuth endpoints ({@code /login/oauth/...}) and git's clone URLs ({@code /<owner>/<repo>.git})
 * live there, on github.com as on GitHub Enterprise; {@code GITHUB_API_URL} is the REST API.
 *
 * @param enabled {@code AUTH_MODE=github}; the client id and secret are only required then
 * @param verifyMerged whether Mark Merged asks GitHub that the pull request really is merged
 * @param webhookSecret {@code GITHUB_WEBHOOK_SECRET}, the secret GitHub signs webhook deliveries
 *     with; null (the default) turns the webhook endpoint off
 */
public record GitHubSettings(
        boolean enabled,
        URI webUrl,
        URI apiUrl,
        @Nullable String clientId,
        @Nullable String clientSecret,
        boolean verifyMerged,
        @Nullable String webhookSecret) {

    public static GitHubSettings from(Settings settings) {
        boolean enabled = "github".equals(settings.string("AUTH_MODE", "local").toLowerCase(Locale.ROOT));
        URI web = url(settings, "GITHUB_URL", "https://github.com");
        URI api = url(settings, "GITHUB_API_URL", "https://api.github.com");
        String clientId = settings.optional("GITHUB_CLIENT_ID");
        String clientSecret = settings.optional("GITHUB_CLIENT_SECRET");
        if (enabled && clientId == null) {
            throw new InvalidSettingException(
                    "GITHUB_CLIENT_ID", "is required with AUTH_MODE=github (the Client ID of your GitHub OAuth app)");
        }
        if (enabled && clientSecret == null) {
            throw new InvalidSettingException(
                    "GITHUB_CLIENT_SECRET", "is required with AUTH_MODE=github (a client secret of your OAuth app)");
        }
        String verify = settings.string("GITHUB_VERIFY_MERGED", "true").toLowerCase(Locale.ROOT);
        if (!verify.equals("true") && !verify.equals("false")) {
            throw new InvalidSettingException("GITHUB_VERIFY_MERGED", "must be true or false, but is '" + verify + "'");
        }
        return new GitHubSettings(
                enabled,
                web,
                api,
                clientId,
                clientSecret,
                verify.equals("true"),
                settings.optional("GITHUB_WEBHOOK_SECRET"));
    }

    /** Whether {@code POST /api/github/webhook} takes deliveries (a secret is set to check them with). */
    public boolean webhooksEnabled() {
        return webhookSecret != null;
    }

    /**
     * The HTTPS URL git clones {@code owner/repo} from; it never carries credentials. Names are
     * checked ({@link GitHubNames}), so they are single path segments that need no encoding.
     */
    public String cloneUrl(String owner, String repo) {
        return repoPage(owner, repo) + ".git";
    }

    /** The page of {@code owner/repo} on GitHub, the canonical repo_url of a GitHub project. */
    public String repoPage(String owner, String repo) {
        return base(webUrl) + "/" + GitHubNames.owner(owner) + "/" + GitHubNames.repository(repo);
    }

    public String oauthUrl(String path) {
        return base(webUrl) + path;
    }

    public String apiUrl(String path) {
        return base(apiUrl) + path;
    }

    private static String base(URI uri) {
        String value = uri.toString();
        return value.endsWith("/") ? value.substring(0, value.length() - 1) : value;
    }

    private static URI url(Settings settings, String name, String defaultValue) {
        String value = settings.string(name, defaultValue);
        try {
            URI uri = URI.create(value);
            if ((uri.getScheme() != null
                            && (uri.getScheme().equals("https")
                                    || uri.getScheme().equals("http")))
                    && uri.getHost() != null
                    && uri.getUserInfo() == null
                    && uri.getQuery() == null) {
                return uri;
            }
        } catch (IllegalArgumentException e) {
            // reported below
        }
        throw new InvalidSettingException(name, "must be an http(s) URL without credentials, but is '" + value + "'");
    }
}
