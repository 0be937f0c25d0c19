package dev.internvillage.project;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.internvillage.common.DomainException;
import java.net.URI;
import java.nio.file.Path;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Which repo_urls name a GitHub repository, for github.com and for a GitHub Enterprise host. */
class RepoLocationTests {

    private static final URI DOT_COM = URI.create("https://github.com");
    private static final URI ENTERPRISE = URI.create("https://github.example.com/");
    private static final URI ON_A_PORT = URI.create("http://127.0.0.1:8443");

    @ParameterizedTest
    @ValueSource(
            strings = {
                "github.com/octo/hello",
                "https://github.com/octo/hello",
                "https://www.github.com/octo/hello",
                "https://github.com/octo/hello.git",
                "http://GitHub.com/octo/hello/",
                "git@github.com:octo/hello.git",
                "git@github.com:octo/hello"
            })
    void githubComFormsWithTheDefaultGitHub(String url) {
        assertThat(RepoLocation.parse(url, DOT_COM)).isEqualTo(new RepoLocation.GitHubRepo("octo", "hello"));
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "github.example.com/octo/hello",
                "https://github.example.com/octo/hello",
                "https://github.example.com/octo/hello.git",
                "http://github.example.com/octo/hello/",
                "git@github.example.com:octo/hello.git"
            })
    void enterpriseFormsOnTheConfiguredHost(String url) {
        assertThat(RepoLocation.parse(url, ENTERPRISE)).isEqualTo(new RepoLocation.GitHubRepo("octo", "hello"));
    }

    @ParameterizedTest
    @ValueSource(
            strings = {"127.0.0.1:8443/octo/hello", "http://127.0.0.1:8443/octo/hello.git", "git@127.0.0.1:octo/hello"})
    void aHostWithAPort(String url) {
        assertThat(RepoLocation.parse(url, ON_A_PORT)).isEqualTo(new RepoLocation.GitHubRepo("octo", "hello"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"https://GitHub.example.com:443/", "https://github.example.com/ghe"})
    void anExplicitDefaultPortOrAPathPrefixInGitHubUrl(String web) {
        URI configured = URI.create(web);
        String prefix = configured.getPath().length() > 1 ? "/ghe" : "";
        assertThat(RepoLocation.parse("https://github.example.com" + prefix + "/octo/hello", configured))
                .isEqualTo(new RepoLocation.GitHubRepo("octo", "hello"));
        assertThat(RepoLocation.parse("git@github.example.com:octo/hello.git", configured))
                .isEqualTo(new RepoLocation.GitHubRepo("octo", "hello"));
    }

    @ParameterizedTest
    @ValueSource(
            strings = {"github.com/octo/hello", "https://github.com/octo/hello.git", "git@github.com:octo/hello.git"})
    void githubComIsRefusedWhileAnEnterpriseHostIsConfigured(String url) {
        assertThatThrownBy(() -> RepoLocation.parse(url, ENTERPRISE))
                .isInstanceOfSatisfying(
                        DomainException.class,
                        e -> assertThat(e.getMessage())
                                .contains("this server works with the GitHub at https://github.example.com"));
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "https://github.example.com/octo",
                "https://github.example.com/octo/hello/tree/main",
                "git@github.example.com:octo",
                "https://github.example.com.evil.example/octo/hello",
                "https://127.0.0.1:9999/octo/hello",
                "https://github.com/octo",
                "github.com/../user",
                "https://github.com/octo/..",
                "git@github.com:../user.git",
                "https://github.com/-octo/hello"
            })
    void malformedOrForeignUrlsAreInvalid(String url) {
        URI configured = url.contains("127.0.0.1") ? ON_A_PORT : url.contains("github.com") ? DOT_COM : ENTERPRISE;
        assertThatThrownBy(() -> RepoLocation.parse(url, configured)).isInstanceOf(DomainException.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {"/srv/127.0.0.1/repo", "/srv/github.example.com/octo/hello", "file:///srv/github.com/x"})
    void localPathsStayLocalWhateverTheyContain(String url) {
        for (URI configured : new URI[] {DOT_COM, ENTERPRISE, ON_A_PORT}) {
            assertThat(RepoLocation.parse(url, configured)).isInstanceOf(RepoLocation.LocalPath.class);
        }
        assertThat(RepoLocation.parse("/srv/127.0.0.1/repo", ON_A_PORT))
                .isEqualTo(new RepoLocation.LocalPath(Path.of("/srv/127.0.0.1/repo")));
    }
}
