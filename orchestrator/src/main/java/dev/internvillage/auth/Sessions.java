package dev.internvillage.auth;

import dev.internvillage.common.Timestamps;
import java.time.Instant;
import java.util.Optional;
import org.springframework.stereotype.Service;

/**
 * Sessions kept in the database, so that signing out ends one, "sign out everywhere" ends all of a
 * user's, a restart keeps them, and every app instance on the database knows them. A session is a
 * random id the browser holds in its cookie; a row (by the id's keyed hash) says whose it is and
 * until when. Lifetime is fixed from sign-in ({@link AuthProperties#sessionTtl()}).
 */
@Service
class Sessions {

    private final SessionRepository repository;
    private final SessionKeys keys;
    private final AuthProperties properties;

    Sessions(SessionRepository repository, SessionKeys keys, AuthProperties properties) {
        this.repository = repository;
        this.keys = keys;
        this.properties = properties;
    }

    /** Starts a session for {@code user}; returns the id for the browser's cookie. */
    String open(UserId user) {
        String id = keys.newValue();
        Instant now = Timestamps.now();
        repository.insert(keys.hash(id), user, now, now.plus(properties.sessionTtl()));
        return id;
    }

    /** The user of a live session; empty for an unknown, revoked or expired id. */
    Optional<UserId> userOf(String id) {
        if (!SessionKeys.wellFormed(id)) {
            return Optional.empty();
        }
        return repository.findUser(keys.hash(id), Timestamps.now());
    }

    /** Ends one session; an unknown id is already ended. */
    void revoke(String id) {
        if (SessionKeys.wellFormed(id)) {
            repository.delete(keys.hash(id));
        }
    }

    /** Ends every session of the user, on every browser; returns how many there were. */
    int revokeAll(UserId user) {
        return repository.deleteAllOf(user);
    }

    /** Deletes the sessions that expired before {@code now}; returns how many. */
    int pruneExpired(Instant now) {
        return repository.deleteExpired(now);
    }
}
