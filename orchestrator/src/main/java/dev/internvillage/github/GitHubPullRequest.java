package dev.internvillage.github;

/** A pull request on GitHub: its number and its page. */
public record GitHubPullRequest(int number, String htmlUrl) {}
