package dev.internvillage.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.internvillage.task.TaskId;
import dev.internvillage.testing.SseClient;
import dev.internvillage.testing.SseClient.Event;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** Deleting a task or a project reaches every open stream of the project. */
class DeletionEventsApiTests extends EventsTestBase {

    @Test
    void deletingATaskSendsTaskDeletedToEveryOpenStreamAndIntoTheLog() {
        Owner owner = owner();
        String project = createProject(owner.api());
        TaskId task = task(owner.api(), project);

        try (SseClient first = stream(owner.api(), project, "");
                SseClient second = stream(owner.api(), project, "")) {
            long connectedAt = first.await(EventPayloads.CONNECTED).idNumber();
            second.await(EventPayloads.CONNECTED);

            assertThat(owner.api().delete("/api/tasks/" + task).status()).isEqualTo(204);

            for (SseClient client : java.util.List.of(first, second)) {
                Event deleted = client.await(EventPayloads.TASK_DELETED);
                JsonNode data = deleted.json();
                assertThat(data.path("task_id").asString()).isEqualTo(task.toString());
                assertThat(Instant.parse(data.path("deleted_at").asString())).isBeforeOrEqualTo(Instant.now());
                assertThat(deleted.idNumber())
                        .as("a logged event with the next id")
                        .isEqualTo(connectedAt + 1);
            }
            assertThat(first.ended())
                    .as("the stream goes on after a task deletion")
                    .isFalse();
        }
        // it is in the project's log: a stream resuming from before it gets it again
        try (SseClient resumed = stream(owner.api(), project, "", "0")) {
            assertThat(resumed.await(EventPayloads.TASK_DELETED)
                            .json()
                            .path("task_id")
                            .asString())
                    .isEqualTo(task.toString());
        }
    }

    @Test
    void deletingAProjectSendsProjectDeletedAsTheLastEventAndEndsItsStreams() {
        Owner owner = owner();
        String project = createProject(owner.api());
        String other = createProject(owner.api());
        task(owner.api(), project);

        try (SseClient client = stream(owner.api(), project, "");
                SseClient bystander = stream(owner.api(), other, "")) {
            client.await(EventPayloads.CONNECTED);
            bystander.await(EventPayloads.CONNECTED);

            assertThat(owner.api().delete("/api/projects/" + project).status()).isEqualTo(204);

            Event deleted = client.await(EventPayloads.PROJECT_DELETED);
            assertThat(deleted.json().path("project_id").asString()).isEqualTo(project);
            assertThat(deleted.json().path("deleted_at").asString()).isNotBlank();
            await().atMost(Duration.ofSeconds(10)).until(client::ended);
            assertThat(client.events().getLast().type())
                    .as("nothing follows project:deleted")
                    .isEqualTo(EventPayloads.PROJECT_DELETED);
            assertThat(bystander.ended()).as("another project's stream goes on").isFalse();
            assertThat(bystander.events(EventPayloads.PROJECT_DELETED)).isEmpty();
        }
        try (SseClient again = stream(owner.api(), project, "")) {
            assertThat(again.status()).as("the deleted project has no stream").isEqualTo(404);
        }
    }
}
