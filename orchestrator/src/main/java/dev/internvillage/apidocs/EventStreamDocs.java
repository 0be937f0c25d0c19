package dev.internvillage.apidocs;

import dev.internvillage.events.EventPayloads;
import dev.internvillage.task.SubtaskResponse;
import io.swagger.v3.core.converter.AnnotatedType;
import io.swagger.v3.core.converter.ModelConverters;
import io.swagger.v3.core.converter.ResolvedSchema;
import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.parameters.HeaderParameter;
import io.swagger.v3.oas.models.responses.ApiResponse;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springdoc.core.customizers.OpenApiCustomizer;

/**
 * The event stream in the document. Its events are not controller return values, so springdoc
 * cannot see them: each event's {@code data} becomes a component schema ({@code ConnectedEvent},
 * {@code AgentLogEvent}, ...) resolved from its record in {@link EventPayloads}, and {@code
 * ProjectEvent} is the union of all frames (event name, optional id, data) as a client parses them.
 * The stream's operation answers {@code text/event-stream}.
 */
final class EventStreamDocs implements OpenApiCustomizer {

    static final String STREAM_PATH = "/api/projects/{projectId}/events";
    static final String USER_STREAM_PATH = "/api/events";

    private static final String USER_FRAMES = """
            The user-level stream: the events of every project the user owns, with the frames of a \
            project's stream (see `ProjectEvent`), its ids numbered in a sequence of the user's own \
            (resume with `Last-Event-ID` the same way), and each event's data carrying `project_id` \
            besides its own fields. Its `connected` data is `UserConnectedEvent`.""";
    static final String UNION = "ProjectEvent";

    /** Event name, the schema of its data, and the record that data is written from. */
    record EventType(String name, String schema, Class<?> payload) {}

    static final List<EventType> EVENTS = List.of(
            new EventType(EventPayloads.CONNECTED, "ConnectedEvent", EventPayloads.Connected.class),
            new EventType(EventPayloads.HEARTBEAT, "HeartbeatEvent", EventPayloads.Heartbeat.class),
            new EventType(EventPayloads.AGENT_QUEUED, "AgentStartedEvent", EventPayloads.AgentStarted.class),
            new EventType(EventPayloads.AGENT_STARTED, "AgentStartedEvent", EventPayloads.AgentStarted.class),
            new EventType(EventPayloads.AGENT_LOG, "AgentLogEvent", EventPayloads.AgentLog.class),
            new EventType(EventPayloads.AGENT_COMPLETED, "AgentCompletedEvent", EventPayloads.AgentCompleted.class),
            new EventType(EventPayloads.AGENT_FAILED, "AgentFailedEvent", EventPayloads.AgentFailed.class),
            new EventType(
                    EventPayloads.TASK_STATUS_CHANGED, "TaskStatusChangedEvent", EventPayloads.TaskStatusChanged.class),
            new EventType(
                    EventPayloads.SUBTASK_STATUS_CHANGED,
                    "SubtaskStatusChangedEvent",
                    EventPayloads.SubtaskStatusChanged.class),
            new EventType(
                    EventPayloads.SUBTASK_UNBLOCKED, "SubtaskUnblockedEvent", EventPayloads.SubtaskUnblocked.class),
            new EventType(EventPayloads.TASK_DELETED, "TaskDeletedEvent", EventPayloads.TaskDeleted.class),
            new EventType(EventPayloads.TASK_UPDATED, "TaskUpdatedEvent", EventPayloads.TaskUpdated.class),
            new EventType(EventPayloads.SUBTASK_CREATED, "SubtaskCreatedEvent", SubtaskResponse.class),
            new EventType(EventPayloads.SUBTASK_UPDATED, "SubtaskUpdatedEvent", SubtaskResponse.class),
            new EventType(EventPayloads.SUBTASK_DELETED, "SubtaskDeletedEvent", EventPayloads.SubtaskDeleted.class),
            new EventType(EventPayloads.SUBTASK_APPROVED, "SubtaskApprovedEvent", EventPayloads.SubtaskApproved.class),
            new EventType(EventPayloads.PROJECT_DELETED, "ProjectDeletedEvent", EventPayloads.ProjectDeleted.class),
            new EventType(
                    EventPayloads.SUBTASK_MERGE_STATE_CHANGED,
                    "SubtaskMergeStateChangedEvent",
                    EventPayloads.SubtaskMergeStateChanged.class),
            new EventType(
                    EventPayloads.SUBTASK_CHECKS_CHANGED,
                    "SubtaskChecksChangedEvent",
                    EventPayloads.SubtaskChecksChanged.class),
            new EventType(EventPayloads.RESYNC, "ResyncEvent", EventPayloads.Resync.class),
            new EventType(EventPayloads.ERROR, "StreamErrorEvent", EventPayloads.Error.class));

    private static final String FRAMES = """
            A Server-Sent-Events stream of the project's events, until the server closes it. Each frame \
            has an `event:` line (the event's name), an `id:` line on events that can be resumed from \
            (send the last one back as `Last-Event-ID` when reconnecting), and one `data:` line with \
            the event's JSON. The schema `ProjectEvent` describes every frame as \
            `{type, id, data}`; the data of each event is the schema named after it.""";

    @Override
    public void customise(OpenAPI openApi) {
        Components components = openApi.getComponents();
        if (components == null) {
            components = new Components();
            openApi.setComponents(components);
        }
        List<Schema> frames = new ArrayList<>();
        for (EventType event : EVENTS) {
            addPayload(components, event);
            frames.add(frame(event));
        }
        addPayload(
                components,
                new EventType(EventPayloads.CONNECTED, "UserConnectedEvent", EventPayloads.UserConnected.class));
        components.addSchemas(UNION, new Schema<>().description(FRAMES).oneOf(frames));
        describeStream(openApi, STREAM_PATH, FRAMES);
        describeStream(openApi, USER_STREAM_PATH, USER_FRAMES);
    }

    private static void describeStream(OpenAPI openApi, String at, String description) {
        PathItem path = openApi.getPaths() == null ? null : openApi.getPaths().get(at);
        if (path != null && path.getGet() != null) {
            describeStream(path.getGet(), description);
        }
    }

    private static void addPayload(Components components, EventType event) {
        ResolvedSchema resolved = ModelConverters.getInstance(true)
                .resolveAsResolvedSchema(new AnnotatedType(event.payload()).resolveAsRef(false));
        String ownName = resolved.schema.getName();
        // records it refers to (e.g. ActiveRun) keep their own names, shared with the REST schemas
        resolved.referencedSchemas.forEach((name, schema) -> {
            if (!name.equals(ownName)
                    && (components.getSchemas() == null
                            || !components.getSchemas().containsKey(name))) {
                components.addSchemas(name, schema);
            }
        });
        resolved.schema.setName(null);
        components.addSchemas(event.schema(), resolved.schema);
    }

    @SuppressWarnings({"rawtypes", "unchecked"})
    private static Schema frame(EventType event) {
        Schema type = new Schema<>().typesItem("string")._const(event.name());
        Schema id = new Schema<>().typesItem("string").description("Present on events that can be resumed from");
        Schema data = new Schema<>().$ref("#/components/schemas/" + event.schema());
        Map<String, Schema> properties = new LinkedHashMap<>();
        properties.put("type", type);
        properties.put("id", id);
        properties.put("data", data);
        return new Schema<>().typesItem("object").properties(properties).required(List.of("type", "data"));
    }

    private static void describeStream(Operation stream, String description) {
        stream.description(description);
        stream.addParametersItem(new HeaderParameter()
                .name("Last-Event-ID")
                .required(false)
                .description("The id of the last event received: the stream replays what came after it")
                .schema(new Schema<>().typesItem("string")));
        stream.getResponses()
                .addApiResponse(
                        "200",
                        new ApiResponse()
                                .description("The event stream")
                                .content(new Content()
                                        .addMediaType(
                                                "text/event-stream",
                                                new MediaType()
                                                        .schema(new Schema<>()
                                                                .typesItem("string")
                                                                .description("Frames; see " + UNION)))));
    }
}
