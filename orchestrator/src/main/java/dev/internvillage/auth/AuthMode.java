package dev.internvillage.auth;

/** How requests are tied to users: one implicit local user, or GitHub sign-in. */
public enum AuthMode {
    LOCAL,
    GITHUB
}
