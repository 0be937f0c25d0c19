package dev.internvillage.events.tail;

import dev.internvillage.agent.RunId;
import dev.internvillage.events.hub.Outgoing;
import dev.internvillage.runlog.LogIndexes;
import dev.internvillage.runlog.LogLineSplitter;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
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
final class Backfill implements Outgoing.Backfill {

    private static final int CHUNK = 32 * 1024;

    private final RunId run;
    private final int fromLine;
    private final int backfillTo;
    private final InputStream in;
    private final LogLineSplitter splitter;
    private final JsonMapper json;
    private final byte[] chunk = new byte[CHUNK];
    private final List<byte[]> frames = new ArrayList<>();
    private int number;
    private boolean done;

    private Backfill(
            RunId run, int fromLine, int backfillTo, InputStream in, int firstLine, int maxLineBytes, JsonMapper json) {
        this.run = run;
        this.fromLine = fromLine;
        this.backfillTo = backfillTo;
        this.in = in;
        this.json = json;
        this.number = firstLine - 1;
        this.splitter = new LogLineSplitter(maxLineBytes, this::line);
    }

    /**
     * Lines {@code fromLine..backfillTo} of {@code run}'s log {@code file}, or null if the file does
     * not exist (the tail reports that).
     */
    static @Nullable Backfill open(
            RunId run, Path file, int fromLine, int backfillTo, LogIndexes indexes, int maxLineBytes, JsonMapper json)
            throws IOException {
        LogIndexes.Seek seek = indexes.seek(file, fromLine);
        InputStream in;
        try {
            in = Files.newInputStream(file);
        } catch (NoSuchFileException e) {
            return null;
        }
        try {
            in.skipNBytes(seek.offset());
        } catch (IOException e) {
            in.close();
            throw e;
        }
        return new Backfill(run, fromLine, backfillTo, in, seek.lineNumber(), maxLineBytes, json);
    }

    /** Reads the next chunk; returns the encoded lines it completed (possibly none). */
    @Override
    public List<byte[]> next() throws IOException {
        frames.clear();
        if (done) {
            return frames;
        }
        int read = in.read(chunk);
        if (read > 0) {
            splitter.feed(ByteBuffer.wrap(chunk, 0, read));
        }
        if (read <= 0 && number < backfillTo) {
            splitter.finish(); // the tail counted an unterminated last line at the run's end
        }
        if (read <= 0 || number >= backfillTo) {
            done = true;
        }
        return frames;
    }

    @Override
    public boolean done() {
        return done;
    }

    @Override
    public int nextLine() {
        return Math.max(fromLine, backfillTo + 1);
    }

    private void line(String line) {
        int n = ++number;
        if (n < fromLine || n > backfillTo) {
            return;
        }
        frames.add(RunTail.frame(json, run, line, n));
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
