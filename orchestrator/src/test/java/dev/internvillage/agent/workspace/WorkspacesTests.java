package dev.internvillage.agent.workspace;

import static org.assertj.core.api.Assertions.assertThat;

import dev.internvillage.project.ProjectId;
import dev.internvillage.task.Subtask;
import dev.internvillage.task.SubtaskId;
import dev.internvillage.task.SubtaskStatus;
import dev.internvillage.task.Task;
import dev.internvillage.task.TaskId;
import dev.internvillage.task.TaskStatus;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class WorkspacesTests {

    private static final Task TASK = new Task(
            new TaskId(UUID.fromString("1a2b3c4d-0000-0000-0000-000000000000")),
            new ProjectId(UUID.randomUUID()),
            "t",
            "d",
            TaskStatus.ACTIVE,
            null,
            null,
            false,
            false,
            null,
            0,
            Instant.now(),
            Instant.now(),
            null,
            null,
            false);

    @Test
    void branchNamesAreReadableAndSafeForGit() {
        assertThat(Workspaces.branchName(TASK, subtask("s1", "Add the Due-Date column (SQL)!")))
                .isEqualTo("iv/1a2b3c4d/s1-add-the-due-date-column-sql");
        assertThat(Workspaces.branchName(TASK, subtask("S_2", "!!!"))).isEqualTo("iv/1a2b3c4d/s_2");
        assertThat(Workspaces.branchName(TASK, subtask("s3", "word ".repeat(40))))
                .hasSizeLessThanOrEqualTo("iv/1a2b3c4d/s3-".length() + 40)
                .doesNotEndWith("-");
    }

    private static Subtask subtask(String key, String title) {
        return new Subtask(
                new SubtaskId(UUID.randomUUID()),
                TASK.id(),
                key,
                title,
                "spec",
                "",
                SubtaskStatus.READY,
                null,
                List.of(),
                null,
                null,
                null,
                0,
                0,
                0,
                0,
                Instant.now(),
                Instant.now(),
                null,
                java.util.List.of(),
                null,
                null);
    }
}
