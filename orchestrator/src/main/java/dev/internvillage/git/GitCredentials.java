package dev.internvillage.git;

import java.net.URI;

/**
 * A token for one git host, handed to a single git process through its environment and an askpass
 * program, never through a URL or a file. {@code host} is the authority ({@code host[:port]}) the
 * token is for: the askpass program answers no other host's prompt.
 */
public record GitCredentials(String host, String token) {

    public static GitCredentials forUrl(String url, String token) {
        return new GitCredentials(URI.create(url).getRawAuthority(), token);
    }

    @Override
    public String toString() {
        return "GitCredentials[" + host + "]"; // never the token
    }
}
