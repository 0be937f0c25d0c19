package dev.internvillage.auth;

import java.util.UUID;

/** Identifies a user. */
public record UserId(UUID value) {

    @Override
    public String toString() {
        return value.toString();
    }
}
