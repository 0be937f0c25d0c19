package dev.internvillage.events;

import dev.internvillage.runlog.LogIndexes;
import dev.internvillage.runlog.LogLineSplitter;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.json.JsonMapper;

/**
 * Lines {@code fromLine..backfillTo} of a run's log, read from the file one chunk at a time so a
 * stream can send a long log in steps between its live events. Lines are cut exactly as the tail
 * cuts them, and reading starts at the indexed line nearest before {@code fromLine}, not at the
 * file's first byte.
 */
final class Backfill implements AutoCloseable {

    private static final int CHUNK = 32 * 1024;

    private final Outgoing.Subscribed subscribed;
    private final InputStream in;
    private final LogLineSplitter splitter;
    private final JsonMapper json;
    private final byte[] chunk = new byte[CHUNK];
    private final List<byte[]> frames = new ArrayList<>();
    private int number;
    private boolean done;

    private Backfill(Outgoing.Subscribed subscribed, InputStream in, int firstLine, int maxLineBytes, JsonMapper json) {
        this.subscribed = subscribed;
        this.in = in;
        this.json = json;
        this.number = firstLine - 1;
        this.splitter = new LogLineSplitter(maxLineBytes, this::line);
    }

    /** The backfill of {@code subscribed}, or null if its file does not exist (the tail reports that). */
    static @Nullable Backfill open(
            Outgoing.Subscribed subscribed, LogIndexes indexes, int maxLineBytes, JsonMapper json) throws IOException {
        LogIndexes.Seek seek = indexes.seek(subscribed.file(), subscribed.fromLine());
        InputStream in;
        try {
            in = Files.newInputStream(subscribed.file());
        } catch (NoSuchFileException e) {
            return null;
        }
        try {
            in.skipNBytes(seek.offset());
        } catch (IOException e) {
            in.close();
            throw e;
        }
        return new Backfill(subscribed, in, seek.lineNumber(), maxLineBytes, json);
    }

    /** Reads the next chunk; returns the encoded lines it completed (possibly none). */
    List<byte[]> next() throws IOException {
        frames.clear();
        if (done) {
            return frames;
        }
        int read = in.read(chunk);
        if (read > 0) {
            splitter.feed(ByteBuffer.wrap(chunk, 0, read));
        }
        if (read <= 0 && number < subscribed.backfillTo()) {
            splitter.finish(); // the tail counted an unterminated last line at the run's end
        }
        if (read <= 0 || number >= subscribed.backfillTo()) {
            done = true;
        }
        return frames;
    }

    boolean done() {
        return done;
    }

    /** The first line the live tail delivers after this backfill. */
    int nextLine() {
        return Math.max(subscribed.fromLine(), subscribed.backfillTo() + 1);
    }

    Outgoing.Subscribed subscribed() {
        return subscribed;
    }

    private void line(String line) {
        int n = ++number;
        if (n < subscribed.fromLine() || n > subscribed.backfillTo()) {
            return;
        }
        frames.add(RunTail.frame(json, subscribed.run(), line, n));
    }

    @Override
    public void close() {
        try {
            in.close();
        } catch (IOException e) {
            // nothing to do
        }
    }
}
