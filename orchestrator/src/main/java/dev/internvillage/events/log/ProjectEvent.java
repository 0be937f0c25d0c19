package dev.internvillage.events.log;

import dev.internvillage.project.ProjectId;

/** One entry of a project's event log: its place ({@code seq}), its SSE type and its JSON data. */
public record ProjectEvent(ProjectId projectId, long seq, String type, String data) {}
