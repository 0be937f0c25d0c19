package dev.internvillage.auth;

import dev.internvillage.common.DomainException;
import dev.internvillage.common.Timestamps;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Users: the local user of single-user mode, and look-ups by id. */
@Service
public class UserService implements SmartInitializingSingleton {

    /** The local user has a fixed id so every start, and every racing start, finds the same row. */
    static final UserId LOCAL_USER = new UserId(new UUID(0, 1));

    private final UserRepository repository;
    private final TokenCipher cipher;

    UserService(UserRepository repository, TokenCipher cipher) {
        this.repository = repository;
        this.cipher = cipher;
    }

    /** Creates the local user on first start, after the migrations and before the server accepts requests. */
    @Override
    public void afterSingletonsInstantiated() {
        repository.insertIfAbsent(LOCAL_USER, "local", Timestamps.now());
    }

    /** The id every request of local mode acts as; the row exists from start-up on. */
    public UserId localUserId() {
        return LOCAL_USER;
    }

    public User localUser() {
        return get(LOCAL_USER);
    }

    public User get(UserId id) {
        return repository.find(id).orElseThrow(() -> DomainException.notFound("user"));
    }

    public boolean exists(UserId id) {
        return repository.find(id).isPresent();
    }

    /**
     * A GitHub sign-in: the user with this GitHub id, created on the first sign-in, with the profile
     * and the OAuth token (encrypted) as GitHub just gave them.
     */
    @Transactional
    public User signedInWithGitHub(long githubId, String login, @Nullable String avatarUrl, String token) {
        Instant now = Timestamps.now();
        UserId id = repository.findByGitHubId(githubId).orElseGet(() -> {
            UserId created = new UserId(UUID.randomUUID());
            repository.insertGitHubUser(created, githubId, login, avatarUrl, now);
            return created;
        });
        repository.updateGitHubUser(id, login, avatarUrl, cipher.encrypt(token, id), now);
        return get(id);
    }

    /** The user's GitHub token, decrypted for one call to GitHub; empty if they never signed in. */
    public Optional<String> gitHubToken(UserId id) {
        return repository.findEncryptedToken(id).map(stored -> cipher.decrypt(stored, id));
    }

    /**
     * Creates a user with the given name. GitHub sign-in will create users from their profile; until
     * then this is how tests make a second user to prove ownership checks.
     */
    @Transactional
    public User create(String username) {
        UserId id = new UserId(UUID.randomUUID());
        repository.insertIfAbsent(id, username, Timestamps.now());
        return get(id);
    }
}
