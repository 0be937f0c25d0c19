/**
 * GitHub: its settings ({@code GITHUB_*}) and a small client for the REST calls the product makes
 * with a user's token (repository and permission look-up, forks, pull requests), and the signature
 * that proves a webhook delivery comes from GitHub. Sign-in lives in {@code auth}; projects,
 * workspaces and the forge use this client.
 */
@NullMarked
package dev.internvillage.github;

import org.jspecify.annotations.NullMarked;
