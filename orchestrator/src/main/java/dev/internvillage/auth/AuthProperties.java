package dev.internvillage.auth;

import java.time.Duration;

/** {@code AUTH_MODE}, {@code SESSION_SECRET} and the session lifetime. */
record AuthProperties(AuthMode mode, byte[] sessionSecret, Duration sessionTtl) {}
