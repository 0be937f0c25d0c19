package dev.internvillage.events;

import dev.internvillage.agent.RunId;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/** What a connection's writer takes from its queue, in the order it must be sent. */
sealed interface Outgoing {

    /** A project log event, encoded once and shared by every connection of the project. */
    record Status(long seq, byte[] frame) implements Outgoing {

        static Status of(ProjectEvent event) {
            return new Status(event.seq(), encode(event.type(), Long.toString(event.seq()), event.data()));
        }
    }

    /** One log line of a run, shared by every subscriber of the run. */
    record Line(RunId run, int lineNumber, byte[] frame) implements Outgoing {}

    /**
     * The connection now follows {@code run} from line {@code fromLine}: lines up to {@code
     * backfillTo} are read from the file, later ones arrive as {@link Line}s.
     */
    record Subscribed(RunId run, int fromLine, int backfillTo, Path file) implements Outgoing {}

    /** The connection no longer follows {@code run}. */
    record Unsubscribed(RunId run) implements Outgoing {}

    /** An {@code error} event (data JSON); sent with the connection's current id. */
    record Error(String data) implements Outgoing {}

    /** A {@code heartbeat} event, stamped when it is written. */
    record Heartbeat() implements Outgoing {}

    Heartbeat HEARTBEAT = new Heartbeat();

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
