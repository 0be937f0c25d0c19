package dev.internvillage.review;

/** An opened pull request: where to review it and its number within the project. */
public record PullRequest(String url, int number) {}
