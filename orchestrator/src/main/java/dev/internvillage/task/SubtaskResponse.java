package dev.internvillage.task;

import io.swagger.v3.oas.annotations.media.ArraySchema;
import io.swagger.v3.oas.annotations.media.Schema;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * A subtask as the REST API answers it, and as the {@code subtask:created} and {@code subtask:updated}
 * events carry it.
 */
public record SubtaskResponse(
        UUID id,
        UUID taskId,
        String key,
        String title,
        String spec,
        String implementationPlan,
        SubtaskStatus status,
        @Nullable BlockedReason blockedReason,
        @Nullable String blockedDetail,
        List<UUID> dependsOn,
        @Nullable String branchName,
        @Nullable String prUrl,
        @Nullable Integer prNumber,
        int retryCount,
        long tokenUsage,

        @Schema(
                description =
                        "US dollars its worker runs cost, where known (beside token_usage); null while none is known")
        @Nullable
        BigDecimal costUsd,

        int position,
        Instant createdAt,
        Instant updatedAt,
        @Nullable FollowUpReason followUpReason,
        int automaticFollowUps,
        @Nullable MergeState mergeState,
        List<String> conflictFiles,
        @Nullable Instant approvedAt,

        @ArraySchema(
                arraySchema =
                        @Schema(
                                description = "What the forge's checks say about a COMPLETED subtask's pushed"
                                        + " head commit (GitHub: check runs and commit statuses), failed first;"
                                        + " empty when none are known, always on the local forge"))
        List<ForgeCheck> checks) {

    /**
     * {@code blockedDetail} shows only while the subtask is BLOCKED, {@code checks} only while it
     * is COMPLETED (a move clears them anyway).
     */
    public static SubtaskResponse of(
            Subtask s, FollowUpState followUp, @Nullable String blockedDetail, List<ForgeCheck> checks) {
        return new SubtaskResponse(
                s.id().value(),
                s.taskId().value(),
                s.key(),
                s.title(),
                s.spec(),
                s.implementationPlan(),
                s.status(),
                s.blockedReason(),
                s.status() == SubtaskStatus.BLOCKED ? blockedDetail : null,
                s.dependsOn().stream().map(SubtaskId::value).toList(),
                s.branchName(),
                s.prUrl(),
                s.prNumber(),
                s.retryCount(),
                s.tokenUsage(),
                s.costUsd(),
                s.position(),
                s.createdAt(),
                s.updatedAt(),
                followUp.reason(),
                followUp.automaticFollowUps(),
                s.mergeState(),
                s.conflictFiles(),
                s.approvedAt(),
                s.status() == SubtaskStatus.COMPLETED ? checks : List.of());
    }
}
