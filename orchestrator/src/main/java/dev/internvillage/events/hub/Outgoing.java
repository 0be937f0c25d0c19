package dev.internvillage.events.hub;

import dev.internvillage.agent.RunId;
import dev.internvillage.events.log.ProjectEvent;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.jspecify.annotations.Nullable;

/** What a subscriber's queue holds, in the order it must be sent. */
public sealed interface Outgoing {

    /** A project log event, encoded once and shared by every subscriber of the project. */
    record Status(long seq, byte[] frame) implements Outgoing {

        public static Status of(ProjectEvent event) {
            return new Status(event.seq(), encode(event.type(), Long.toString(event.seq()), event.data()));
        }
    }

    /** One log line of a run, shared by every subscriber of the run. */
    record Line(RunId run, int lineNumber, byte[] frame) implements Outgoing {}

    /**
     * The subscriber now follows {@code run} from line {@code fromLine}: lines up to {@code
     * backfillTo} come from {@code backfill}, later ones arrive as {@link Line}s.
     */
    record Subscribed(RunId run, int fromLine, int backfillTo, BackfillSource backfill) implements Outgoing {}

    /** The subscriber no longer follows {@code run}. */
    record Unsubscribed(RunId run) implements Outgoing {}

    /** An {@code error} event (data JSON); sent with the subscriber's current id. */
    record Error(String data) implements Outgoing {}

    /**
     * The stream's last event (data JSON), sent with the subscriber's current id; the stream ends
     * once it is written and takes nothing after it.
     */
    record Last(String type, String data) implements Outgoing {}

    /** A {@code heartbeat} event, stamped when it is written. */
    record Heartbeat() implements Outgoing {}

    Heartbeat HEARTBEAT = new Heartbeat();

    /** Opens the lines of a {@link Subscribed} that were written before it. */
    @FunctionalInterface
    interface BackfillSource {
        /** The backfill, or null if the log no longer exists (its tail reports that). */
        @Nullable
        Backfill open() throws IOException;
    }

    /** Earlier log lines of a run, read in chunks so a long log goes out in steps between live events. */
    interface Backfill extends AutoCloseable {

        /** The frames of the lines the next chunk completed (possibly none). */
        List<byte[]> next() throws IOException;

        boolean done();

        /** The first line the live tail delivers after this backfill. */
        int nextLine();

        @Override
        void close();
    }

    static byte[] encode(String type, String id, String data) {
        StringBuilder out = new StringBuilder(data.length() + type.length() + 32);
        out.append("event: ").append(type).append('\n');
        out.append("id: ").append(id).append('\n');
        out.append("data: ").append(data).append("\n\n");
        return out.toString().getBytes(StandardCharsets.UTF_8);
    }

    static byte[] encodeWithoutId(String type, String data) {
        return ("event: " + type + "\ndata: " + data + "\n\n").getBytes(StandardCharsets.UTF_8);
    }
}
