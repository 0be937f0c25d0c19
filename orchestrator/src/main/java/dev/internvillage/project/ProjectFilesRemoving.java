package dev.internvillage.project;

/**
 * Published synchronously before a project's clone and worktrees are removed, by a delete ({@code
 * projectDeleted}) or a clean-up: listeners stop the agents working in them first, and may refuse a
 * clean-up (by throwing) when it would lose work.
 */
public record ProjectFilesRemoving(ProjectId projectId, boolean projectDeleted) {}
