package dev.internvillage.project;

/**
 * Published synchronously before a project's clone and worktrees are removed, by a delete or a
 * clean-up: listeners stop the agents working in them first.
 */
public record ProjectFilesRemoving(ProjectId projectId) {}
