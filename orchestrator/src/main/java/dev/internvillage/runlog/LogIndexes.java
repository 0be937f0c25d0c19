package dev.internvillage.runlog;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.springframework.stereotype.Component;

/**
 * The line indexes of recently read logs, least recently used dropped first. A few hundred
 * entries cover every log a team has open; each costs a few kilobytes even for a million lines.
 */
@Component
public class LogIndexes {

    private static final int MAX_ENTRIES = 256;

    private final Map<Path, LogLineIndex> indexes = new LinkedHashMap<>(64, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Path, LogLineIndex> eldest) {
            return size() > MAX_ENTRIES;
        }
    };

    /** Line {@code lineNumber} of a log starts at byte {@code offset}. */
    public record Seek(long offset, int lineNumber) {}

    /**
     * Where to start reading {@code file} to reach line {@code lineNumber} (1-based) soon: the
     * indexed line at or before it, after indexing whatever was appended since the last call. A
     * missing file starts at its beginning.
     */
    public Seek seek(Path file, int lineNumber) throws IOException {
        return locate(file, lineNumber).map(Position::seek).orElse(new Seek(0, 1));
    }

    /** The log's counts as of now, and where to start reading it to reach a line. */
    record Position(LogLineIndex.Snapshot snapshot, Seek seek) {}

    /**
     * Brings the index of {@code file} up to date and finds the indexed line at or before {@code
     * lineNumber}; empty when the file does not exist.
     */
    Optional<Position> locate(Path file, int lineNumber) throws IOException {
        try {
            Optional<LogLineIndex> found = forFile(file);
            if (found.isEmpty()) {
                return Optional.empty();
            }
            LogLineIndex index = found.get();
            LogLineIndex.Snapshot snapshot = index.refresh(file);
            LogLineIndex.SeekPoint point = index.seekPoint(Math.max(1, lineNumber));
            return Optional.of(new Position(snapshot, new Seek(point.offset(), point.lineNumber())));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        }
    }

    /**
     * The index of {@code file}, new when the file is new to us, was replaced or shrank; empty when
     * the file does not exist.
     */
    private Optional<LogLineIndex> forFile(Path file) throws IOException {
        BasicFileAttributes attributes;
        try {
            attributes = Files.readAttributes(file, BasicFileAttributes.class);
        } catch (NoSuchFileException e) {
            return Optional.empty();
        }
        // where the file system has no inode numbers, the path stands in for the file's identity
        Object key = Objects.requireNonNullElse(attributes.fileKey(), file);
        Path normalized = file.toAbsolutePath().normalize();
        synchronized (indexes) {
            LogLineIndex index = indexes.get(normalized);
            if (index == null || !index.fits(key, attributes.size())) {
                index = new LogLineIndex(key);
                indexes.put(normalized, index);
            }
            return Optional.of(index);
        }
    }
}
