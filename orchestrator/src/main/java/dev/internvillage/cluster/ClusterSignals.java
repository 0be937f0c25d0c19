package dev.internvillage.cluster;

import java.util.function.Consumer;

/**
 * Short signals between the instances of the app, PostgreSQL's {@code NOTIFY} when the database is
 * PostgreSQL. A signal is a hint, never the truth: what it points at is in the database, and a
 * receiver must cope with a lost, late or repeated signal (the next one, or a slow safety check,
 * repairs it). Every instance receives its own signals too.
 */
public interface ClusterSignals {

    /** At most this many bytes of payload (PostgreSQL's limit is 8000 bytes with the channel name). */
    int MAX_PAYLOAD_BYTES = 7000;

    /**
     * Sends {@code payload} on {@code channel} to every instance, this one included: with the current
     * transaction's commit when there is one (nothing if it rolls back), else at once.
     */
    void send(String channel, String payload);

    /**
     * Calls {@code handler} with the payload of every signal on {@code channel}. Handlers run on the one
     * thread that receives signals, in the order they were committed: they must not block.
     */
    void listen(String channel, Consumer<String> handler);

    /**
     * Calls {@code handler} after signals may have been lost (the listening connection broke and is
     * back), so receivers can catch up from the database.
     */
    void onGap(Runnable handler);

    /** Whether other instances may share the database (false with the embedded one). */
    boolean shared();
}
