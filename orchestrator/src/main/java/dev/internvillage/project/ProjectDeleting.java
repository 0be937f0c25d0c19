package dev.internvillage.project;

/**
 * Published, synchronously and inside the deleting transaction, before a project's rows and files
 * go: listeners stop the project's running agents first.
 */
public record ProjectDeleting(ProjectId projectId) {}
