package dev.internvillage.runlog;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Brings a file up to date with a run's shared log: appends the chunks it lacks. A file that stops
 * inside a chunk (its writer died mid-write) is cut back to that chunk's start first, so the file is
 * always a whole number of chunks, byte for byte the log the agent's instance wrote.
 */
final class LogCopy {

    private static final Logger log = LoggerFactory.getLogger(LogCopy.class);
    private static final int CHUNKS_PER_QUERY = 32;

    private LogCopy() {}

    /** Returns how many bytes were added to {@code target} (0 when it was up to date). */
    static long catchUp(RunLogChunks chunks, UUID run, Path target) throws IOException {
        long size = Files.exists(target) ? Files.size(target) : 0;
        long start = size;
        List<RunLogChunks.Chunk> batch = chunks.from(run, size, CHUNKS_PER_QUERY);
        if (batch.isEmpty()) {
            return 0;
        }
        Files.createDirectories(target.getParent());
        try (FileChannel out = FileChannel.open(target, StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
            while (!batch.isEmpty()) {
                for (RunLogChunks.Chunk chunk : batch) {
                    if (chunk.firstByte() < size) {
                        out.truncate(chunk.firstByte());
                        size = chunk.firstByte();
                        start = Math.min(start, size);
                    } else if (chunk.firstByte() > size) {
                        log.warn("The shared log of run {} lacks bytes {} to {}", run, size, chunk.firstByte());
                        return size - start;
                    }
                    ByteBuffer body = ByteBuffer.wrap(chunk.body());
                    while (body.hasRemaining()) {
                        size += out.write(body, size);
                    }
                }
                batch = chunks.from(run, size, CHUNKS_PER_QUERY);
            }
        }
        return size - start;
    }
}
