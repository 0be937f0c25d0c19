package dev.internvillage.events.log;

import dev.internvillage.project.ProjectId;

/**
 * One entry of an event log: its project, its place in the log read ({@code seq}: the project's
 * sequence, or the user's in a user log), its SSE type and its JSON data.
 */
public record ProjectEvent(ProjectId projectId, long seq, String type, String data) {}
