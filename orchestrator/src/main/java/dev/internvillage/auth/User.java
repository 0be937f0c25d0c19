package dev.internvillage.auth;

import java.time.Instant;
import org.jspecify.annotations.Nullable;

/** Somebody who owns projects. The GitHub token is kept encrypted and never leaves its table. */
public record User(
        UserId id,
        @Nullable Long githubId,
        String githubUsername,
        @Nullable String avatarUrl,
        Instant createdAt) {}
