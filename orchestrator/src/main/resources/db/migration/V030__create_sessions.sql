-- Signed-in browsers. The iv_session cookie carries a random session id; only its HMAC under
-- SESSION_SECRET is stored, so a copy of this table signs nobody in and a new secret ends every
-- session. Sign-out deletes the row; expired rows are pruned.
CREATE TABLE user_sessions (
    id_hash     VARCHAR(64) PRIMARY KEY,
    user_id     UUID NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    created_at  TIMESTAMP WITH TIME ZONE NOT NULL,
    expires_at  TIMESTAMP WITH TIME ZONE NOT NULL
);

-- sign out everywhere
CREATE INDEX user_sessions_user_idx ON user_sessions (user_id);
-- pruning
CREATE INDEX user_sessions_expires_idx ON user_sessions (expires_at);

-- GitHub sign-ins under way: the OAuth authorization request (with its state) between the redirect
-- to GitHub and the callback, so any app instance on this database can finish a sign-in another one
-- started. Bound to the browser that started it by the HMAC of the iv_sign_in cookie's random value;
-- used once (deleted by the callback) and pruned after it expires.
CREATE TABLE oauth_sign_ins (
    state         VARCHAR(255) PRIMARY KEY,
    browser_hash  VARCHAR(64) NOT NULL,
    request       TEXT NOT NULL,
    expires_at    TIMESTAMP WITH TIME ZONE NOT NULL
);

CREATE INDEX oauth_sign_ins_expires_idx ON oauth_sign_ins (expires_at);
