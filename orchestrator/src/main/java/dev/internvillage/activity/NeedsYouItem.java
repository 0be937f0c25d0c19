package dev.internvillage.activity;

import java.time.Instant;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * One thing that waits for the user: what kind, where, why ({@code detail}: an error, a follow-up
 * reason, the forge's word) and since when.
 */
public record NeedsYouItem(
        NeedsYouKind kind,
        UUID projectId,
        String projectName,
        UUID taskId,
        String taskTitle,
        @Nullable UUID subtaskId,
        @Nullable String subtaskKey,
        @Nullable String subtaskTitle,
        @Nullable String detail,
        Instant since) {}
