package dev.internvillage.github;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.internvillage.common.DomainException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class GitHubNamesTests {

    @ParameterizedTest
    @ValueSource(
            strings = {
                "a",
                "octo",
                "Octo-Cat",
                "a1-b2-c3",
                "0",
                "abcdefghijabcdefghijabcdefghijabcdefghi",
                "octo-cat_acme"
            })
    void validOwners(String name) {
        assertThat(GitHubNames.isOwner(name)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "",
                ".",
                "..",
                "-octo",
                "octo-",
                "oc--to",
                "oc__to",
                "_octo",
                "octo_",
                "oc_to_x",
                "oc.to",
                "oc/to",
                "oc to",
                "%2e%2e",
                "abcdefghijabcdefghijabcdefghijabcdefghij"
            })
    void invalidOwners(String name) {
        assertThat(GitHubNames.isOwner(name)).isFalse();
        assertThatThrownBy(() -> GitHubNames.owner(name))
                .isInstanceOf(DomainException.class)
                .hasMessageContaining("is not a GitHub owner name");
    }

    @ParameterizedTest
    @ValueSource(strings = {"r", "hello", "hello.js", ".github", "..x", "a_b-c.d", "...", "_"})
    void validRepositories(String name) {
        assertThat(GitHubNames.isRepository(name)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", ".", "..", "a/b", "a b", "a%2Fb", "ü", "a?b", "a#b"})
    void invalidRepositories(String name) {
        assertThat(GitHubNames.isRepository(name)).isFalse();
    }

    @ParameterizedTest
    @ValueSource(ints = {101, 200})
    void repositoryNamesAreAtMost100Characters(int length) {
        assertThat(GitHubNames.isRepository("r".repeat(length))).isFalse();
        assertThat(GitHubNames.isRepository("r".repeat(100))).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"..", ".", "a/b", "-x"})
    void noApiPathIsBuiltFromABadOwner(String owner) {
        assertThatThrownBy(() -> GitHubClient.repoPath(owner, "repo")).isInstanceOf(DomainException.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {"..", ".", "a/b", "a?b"})
    void noApiPathIsBuiltFromABadRepository(String repo) {
        assertThatThrownBy(() -> GitHubClient.repoPath("octo", repo, "pulls")).isInstanceOf(DomainException.class);
    }

    @org.junit.jupiter.api.Test
    void pathsAreMadeOfEncodedSegments() {
        assertThat(GitHubClient.repoPath("octo", "hello.js", "pulls", "7", "merge"))
                .isEqualTo("/repos/octo/hello.js/pulls/7/merge");
        assertThat(GitHubClient.segment("a/b c?d#é")).isEqualTo("a%2Fb%20c%3Fd%23%C3%A9");
        assertThatThrownBy(() -> GitHubClient.segment("..")).isInstanceOf(IllegalArgumentException.class);
    }
}
