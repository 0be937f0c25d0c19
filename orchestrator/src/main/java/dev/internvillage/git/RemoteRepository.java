package dev.internvillage.git;

import java.util.Optional;

/** What {@code git ls-remote} tells about a repository before it is cloned. */
public record RemoteRepository(boolean hasCommits, Optional<String> defaultBranch) {}
