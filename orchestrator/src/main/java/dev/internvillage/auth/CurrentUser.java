package dev.internvillage.auth;

/**
 * The user a request acts for, resolved once per request by {@link Authenticator}. Controllers take
 * it as a parameter and hand it to every service call, which checks ownership with it.
 */
public record CurrentUser(UserId id) {}
