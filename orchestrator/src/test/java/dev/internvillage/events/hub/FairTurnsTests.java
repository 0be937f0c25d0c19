package dev.internvillage.events.hub;

import static org.assertj.core.api.Assertions.assertThat;

import dev.internvillage.agent.RunId;
import dev.internvillage.auth.UserId;
import dev.internvillage.events.EventMetrics;
import dev.internvillage.events.log.EventScope;
import dev.internvillage.project.ProjectId;
import dev.internvillage.testing.ApiTestBase;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.json.JsonMapper;

/**
 * A stream's queue gives status events and log lines turns: a line queued behind a burst of status
 * events (a run's end brings hundreds) goes out among the first frames, each kind keeps its own order,
 * the ids of status events still count up by one, and the final event is written last.
 */
class FairTurnsTests extends ApiTestBase {

    private static final Pattern FRAME = Pattern.compile("event: ([^\\n]+)\\n(?:id: (\\d+)\\n)?data: ([^\\n]*)\\n\\n");

    @Autowired
    EventMetrics metrics;

    @Autowired
    JsonMapper json;

    @Test
    void aLogLineDoesNotWaitBehindABurstOfStatusEvents() throws Exception {
        // GIVEN a stream that follows a run's log from line 1, then 300 status events and 3 lines queued
        Subscriber stream = subscriber();
        RunId run = new RunId(UUID.randomUUID());
        stream.offer(new Outgoing.Subscribed(run, 1, 0, () -> null));
        for (int seq = 1; seq <= 300; seq++) {
            stream.offer(status(seq));
        }
        for (int line = 1; line <= 3; line++) {
            stream.offer(line(run, line));
        }
        stream.offerLast(new Outgoing.Last("project:deleted", "{}"));

        // WHEN the stream's writer takes everything
        List<String[]> frames = takeAll(stream);

        // THEN the lines went out among the first frames, not after the 300 status events
        List<String> types = frames.stream().map(f -> f[0]).toList();
        assertThat(types.indexOf("agent:log")).isLessThan(4);
        assertThat(types.lastIndexOf("agent:log")).isLessThan(8);
        // each kind in its own order, every one once, the ids counting up by one, the final event last
        assertThat(frames.stream()
                        .filter(f -> f[0].equals("agent:log"))
                        .map(f -> f[2])
                        .toList())
                .containsExactly("{\"line_number\":1}", "{\"line_number\":2}", "{\"line_number\":3}");
        List<Long> ids = frames.stream()
                .filter(f -> f[0].equals("task:status_changed"))
                .map(f -> Long.parseLong(f[1]))
                .toList();
        assertThat(ids).hasSize(300);
        for (int i = 0; i < ids.size(); i++) {
            assertThat(ids.get(i)).isEqualTo(i + 1L);
        }
        assertThat(types.getLast()).isEqualTo("project:deleted");
        assertThat(frames.getLast()[1]).isEqualTo("300");
        assertThat(stream.isFinished()).isTrue();
    }

    @Test
    void theFinalEventWaitsForTheLinesQueuedBeforeIt() throws Exception {
        // GIVEN a stream with lines queued, then its final event
        Subscriber stream = subscriber();
        RunId run = new RunId(UUID.randomUUID());
        stream.offer(new Outgoing.Subscribed(run, 1, 0, () -> null));
        for (int line = 1; line <= 5; line++) {
            stream.offer(line(run, line));
        }
        stream.offerLast(new Outgoing.Last("project:deleted", "{}"));

        // WHEN the writer takes everything, THEN the final event comes after every line
        List<String> types = takeAll(stream).stream().map(f -> f[0]).toList();
        assertThat(types)
                .containsExactly("agent:log", "agent:log", "agent:log", "agent:log", "agent:log", "project:deleted");
    }

    private Subscriber subscriber() {
        Subscriber subscriber = new Subscriber(
                new UserId(UUID.randomUUID()),
                new EventScope.Project(new ProjectId(UUID.randomUUID())),
                10_000,
                s -> {
                    throw new AssertionError("overflowed");
                },
                json,
                metrics);
        subscriber.attach(() -> {}, 0);
        return subscriber;
    }

    private static Outgoing.Status status(long seq) {
        return new Outgoing.Status(
                seq, Outgoing.encode("task:status_changed", Long.toString(seq), "{\"seq\":" + seq + "}"));
    }

    private static Outgoing.Line line(RunId run, int number) {
        return new Outgoing.Line(
                run, number, Outgoing.encodeWithoutId("agent:log", "{\"line_number\":" + number + "}"));
    }

    /** Every frame the writer takes, in order: type, id (or null), data. */
    private static List<String[]> takeAll(Subscriber stream) throws Exception {
        StringBuilder written = new StringBuilder();
        byte[] bytes;
        while ((bytes = stream.take()) != null) {
            written.append(new String(bytes, StandardCharsets.UTF_8));
        }
        List<String[]> frames = new ArrayList<>();
        Matcher m = FRAME.matcher(written);
        int end = 0;
        while (m.find()) {
            assertThat(m.start()).isEqualTo(end);
            frames.add(new String[] {m.group(1), m.group(2), m.group(3)});
            end = m.end();
        }
        assertThat(end).isEqualTo(written.length());
        return frames;
    }
}
