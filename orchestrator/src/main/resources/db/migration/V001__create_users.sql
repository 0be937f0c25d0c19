-- People who own projects. In local mode there is exactly one; GitHub sign-in adds more.
CREATE TABLE users (
    id                     UUID PRIMARY KEY,
    github_id              BIGINT UNIQUE,
    github_username        VARCHAR(100) NOT NULL,
    avatar_url             VARCHAR(500),
    -- AES-GCM ciphertext of the OAuth token; never returned by the API.
    github_token_encrypted VARCHAR(2000),
    created_at             TIMESTAMP WITH TIME ZONE NOT NULL,
    updated_at             TIMESTAMP WITH TIME ZONE NOT NULL
);
