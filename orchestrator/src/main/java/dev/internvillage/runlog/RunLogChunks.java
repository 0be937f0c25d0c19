package dev.internvillage.runlog;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import javax.sql.DataSource;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The shared copy of run logs in the database ({@code run_log_chunks}): each chunk holds complete
 * lines exactly as the log file has them, and starts where the one before it ends.
 */
@Repository
class RunLogChunks {

    /** How far a run's shared copy reaches: the last chunk's number and the lines and bytes shipped. */
    record Position(int chunks, int lines, long bytes) {

        static final Position START = new Position(0, 0, 0);
    }

    /** One chunk: its place in the log file and its bytes. */
    record Chunk(int chunkNo, int firstLine, int lineCount, long firstByte, byte[] body) {

        long endByte() {
            return firstByte + body.length;
        }
    }

    private final JdbcClient jdbc;
    private final boolean postgres;

    RunLogChunks(JdbcClient jdbc, DataSource dataSource) throws SQLException {
        this.jdbc = jdbc;
        try (Connection connection = dataSource.getConnection()) {
            this.postgres = connection.getMetaData().getDatabaseProductName().equals("PostgreSQL");
        }
    }

    Position position(UUID run) {
        return jdbc.sql("SELECT chunk_no, first_line + line_count - 1 AS last_line, first_byte + byte_count AS end_byte"
                        + " FROM run_log_chunks WHERE run_id = :run ORDER BY chunk_no DESC LIMIT 1")
                .param("run", run)
                .query((rs, n) -> new Position(rs.getInt("chunk_no"), rs.getInt("last_line"), rs.getLong("end_byte")))
                .optional()
                .orElse(Position.START);
    }

    /**
     * Stores {@code chunk} in the current transaction if it follows the last stored chunk; false if
     * that one is missing (a commit lost with a crash of the database), so nothing is stored after a
     * gap. The commit does not wait for the disk: a chunk lost that way is found missing by the next
     * one and shipped again from the log file.
     */
    boolean insert(UUID run, Chunk chunk, Instant now) {
        if (postgres) {
            jdbc.sql("SET LOCAL synchronous_commit = off").update();
        }
        return jdbc.sql(
                                "INSERT INTO run_log_chunks"
                                        + " (run_id, chunk_no, first_line, line_count, first_byte, byte_count, body, created_at)"
                                        + " SELECT :run, :chunk, :firstLine, :lines, :firstByte, :bytes, :body, :now"
                                        + " WHERE :chunk = 1 OR EXISTS (SELECT 1 FROM run_log_chunks"
                                        + " WHERE run_id = :run AND chunk_no = :chunk - 1 AND first_byte + byte_count = :firstByte)")
                        .param("run", run)
                        .param("chunk", chunk.chunkNo())
                        .param("firstLine", chunk.firstLine())
                        .param("lines", chunk.lineCount())
                        .param("firstByte", chunk.firstByte())
                        .param("bytes", chunk.body().length)
                        .param("body", chunk.body())
                        .param("now", java.sql.Timestamp.from(now))
                        .update()
                == 1;
    }

    /**
     * The chunks that end after byte {@code fromByte}, in order, at most {@code limit} of them: the
     * first may start before {@code fromByte} when a copy stopped inside it.
     */
    List<Chunk> from(UUID run, long fromByte, int limit) {
        return jdbc.sql("SELECT chunk_no, first_line, line_count, first_byte, body FROM run_log_chunks"
                        + " WHERE run_id = :run AND first_byte + byte_count > :from ORDER BY chunk_no LIMIT :limit")
                .param("run", run)
                .param("from", fromByte)
                .param("limit", limit)
                .query((rs, n) -> new Chunk(
                        rs.getInt("chunk_no"),
                        rs.getInt("first_line"),
                        rs.getInt("line_count"),
                        rs.getLong("first_byte"),
                        rs.getBytes("body")))
                .list();
    }
}
