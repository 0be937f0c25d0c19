import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;

/**
 * Where to keep the shared copy of run logs: a PostgreSQL table of chunks (the app's run_log_chunks,
 * one transaction and one NOTIFY per chunk) or files on a shared volume. Measures, in one JVM against
 * a fresh database of its own:
 *   throughput  64 KB chunks stored back to back by 1 and 4 writers: lines/s, MB/s, DB bytes per MB of log
 *   agent       lines/s a writer appends to a log file (as RunLogWriter does), alone and while a shipper
 *               thread follows the same file into the table (the effect of shipping on the agent's output)
 *   tail        R runs printing L lines/s each, shipped per window W ms (or 64 KB): the latency from a line
 *               being written to another connection holding it (NOTIFY, then SELECT of the chunk), and the
 *               same with files on a volume read by a reader that polls every P ms (no cross-host inotify)
 * Usage: java -cp postgresql.jar LogShippingBench.java <jdbc admin url> <user> <password> <work dir>
 */
public class LogShippingBench {

    static String adminUrl;
    static String user;
    static String password;
    static String url;
    static Path work;
    /** Whether chunk transactions skip waiting for their WAL flush (SET LOCAL synchronous_commit = off). */
    static boolean asyncCommit;

    public static void main(String[] args) throws Exception {
        adminUrl = args[0];
        user = args[1];
        password = args[2];
        work = Path.of(args[3]);
        Files.createDirectories(work);
        String db = "iv_bench_logs_" + UUID.randomUUID().toString().substring(0, 8);
        try (Connection c = DriverManager.getConnection(adminUrl, user, password); Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE " + db);
        }
        url = adminUrl.substring(0, adminUrl.lastIndexOf('/') + 1) + db;
        try {
            try (Connection c = connect(); Statement s = c.createStatement()) {
                s.execute("""
                        CREATE TABLE run_log_chunks (
                            run_id UUID NOT NULL, chunk_no INTEGER NOT NULL, first_line INTEGER NOT NULL,
                            line_count INTEGER NOT NULL, first_byte BIGINT NOT NULL, byte_count INTEGER NOT NULL,
                            body BYTEA NOT NULL, created_at TIMESTAMP WITH TIME ZONE NOT NULL,
                            PRIMARY KEY (run_id, chunk_no))""");
                ResultSet rs = s.executeQuery("SHOW synchronous_commit");
                rs.next();
                System.out.println("synchronous_commit=" + rs.getString(1));
            }
            String only = System.getenv().getOrDefault("ONLY", "throughput agent tail");
            if (only.contains("throughput")) {
                throughput(1, 10);
                throughput(4, 10);
            }
            if (only.contains("agent")) {
                agent(false);
                agent(true);
                agent(false);
                agent(true);
            }
            if (only.contains("tail")) {
                int runs = Integer.parseInt(System.getenv().getOrDefault("RUNS", "100"));
                int rate = Integer.parseInt(System.getenv().getOrDefault("RATE", "20"));
                for (int window : new int[] {250, 50, 20}) {
                    tailDatabase(runs, rate, window, 20);
                }
                asyncCommit = true;
                tailDatabase(runs, rate, 20, 20);
                asyncCommit = false;
                for (int poll : new int[] {100, 20}) {
                    tailVolume(runs, rate, 20, poll, 20);
                }
            }
        } finally {
            try (Connection c = DriverManager.getConnection(adminUrl, user, password);
                    Statement s = c.createStatement()) {
                s.execute("DROP DATABASE " + db + " WITH (FORCE)");
            }
        }
    }

    static Connection connect() throws SQLException {
        return DriverManager.getConnection(url, user, password);
    }

    /** A log line as agents print them: a stamp and ~100 bytes of varied text (compresses like real output). */
    static String line(Random random, long n, long nanos) {
        StringBuilder text = new StringBuilder("[12:34:56] seq=").append(n).append(" ts=").append(nanos).append(' ');
        String[] words = {"compiling", "src/main/java/Foo.java", "test", "passed", "ERROR", "warning:", "diff",
            "--git", "a/README.md", "+", "-", "function", "return", "const", "import", "0x", "ok", "npm", "run"};
        while (text.length() < 110) {
            text.append(words[random.nextInt(words.length)]).append(random.nextInt(1000)).append(' ');
        }
        return text.append('\n').toString();
    }

    static final String INSERT = "INSERT INTO run_log_chunks (run_id, chunk_no, first_line, line_count, first_byte,"
            + " byte_count, body, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, now())";

    /** Stores one chunk and signals it in one transaction, as the app does. */
    static void store(Connection c, UUID run, int chunk, int firstLine, int lines, long firstByte, byte[] body)
            throws SQLException {
        if (asyncCommit) {
            try (Statement s = c.createStatement()) {
                s.execute("SET LOCAL synchronous_commit = off");
            }
        }
        try (PreparedStatement insert = c.prepareStatement(INSERT);
                PreparedStatement notify = c.prepareStatement("SELECT pg_notify('iv_logs', ?)")) {
            insert.setObject(1, run);
            insert.setInt(2, chunk);
            insert.setInt(3, firstLine);
            insert.setInt(4, lines);
            insert.setLong(5, firstByte);
            insert.setInt(6, body.length);
            insert.setBytes(7, body);
            insert.executeUpdate();
            notify.setString(1, run + " " + chunk);
            notify.executeQuery().close();
        }
        c.commit();
    }

    static long tableBytes() throws SQLException {
        try (Connection c = connect(); Statement s = c.createStatement()) {
            s.execute("VACUUM run_log_chunks");
            ResultSet rs = s.executeQuery("SELECT pg_total_relation_size('run_log_chunks')");
            rs.next();
            return rs.getLong(1);
        }
    }

    static void throughput(int writers, int seconds) throws Exception {
        long before = tableBytes();
        AtomicLong lines = new AtomicLong();
        AtomicLong bytes = new AtomicLong();
        AtomicLong chunks = new AtomicLong();
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        List<Thread> threads = new ArrayList<>();
        for (int w = 0; w < writers; w++) {
            threads.add(Thread.ofPlatform().start(() -> {
                Random random = new Random();
                UUID run = UUID.randomUUID();
                try (Connection c = connect()) {
                    c.setAutoCommit(false);
                    int chunk = 0;
                    int line = 1;
                    long offset = 0;
                    while (System.nanoTime() < end) {
                        StringBuilder body = new StringBuilder();
                        int n = 0;
                        while (body.length() < 64 * 1024 - 200) {
                            body.append(line(random, line + n, System.nanoTime()));
                            n++;
                        }
                        byte[] b = body.toString().getBytes(StandardCharsets.UTF_8);
                        store(c, run, ++chunk, line, n, offset, b);
                        line += n;
                        offset += b.length;
                        lines.addAndGet(n);
                        bytes.addAndGet(b.length);
                        chunks.incrementAndGet();
                    }
                } catch (SQLException e) {
                    throw new RuntimeException(e);
                }
            }));
        }
        for (Thread t : threads) {
            t.join();
        }
        long growth = tableBytes() - before;
        double mb = bytes.get() / 1048576.0;
        System.out.printf(
                "RESULT throughput writers=%d seconds=%d chunks/s=%.0f lines/s=%.0f MB/s=%.2f db_bytes_per_log_MB=%.2f MB%n",
                writers, seconds, chunks.get() / (double) seconds, lines.get() / (double) seconds, mb / seconds,
                growth / 1048576.0 / mb);
    }

    /** An agent's output written through a buffered writer as fast as it comes, with or without a shipper following the file. */
    static void agent(boolean shipping) throws Exception {
        Path file = work.resolve("agent-" + UUID.randomUUID() + ".log");
        int total = 1_000_000;
        AtomicBoolean done = new AtomicBoolean();
        AtomicLong shipped = new AtomicLong();
        Thread shipper = null;
        Files.createFile(file);
        if (shipping) {
            shipper = Thread.ofVirtual().start(() -> {
                UUID run = UUID.randomUUID();
                try (Connection c = connect(); FileChannel in = FileChannel.open(file, StandardOpenOption.READ)) {
                    c.setAutoCommit(false);
                    ByteBuffer buffer = ByteBuffer.allocate(64 * 1024);
                    long offset = 0;
                    int chunk = 0;
                    while (true) {
                        boolean last = done.get();
                        buffer.clear();
                        int n = in.read(buffer, offset);
                        int end = -1;
                        for (int i = n - 1; i >= 0; i--) {
                            if (buffer.get(i) == '\n') {
                                end = i;
                                break;
                            }
                        }
                        if (end < 0) {
                            if (last) {
                                break;
                            }
                            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(250));
                            continue;
                        }
                        byte[] body = Arrays.copyOf(buffer.array(), end + 1);
                        store(c, run, ++chunk, 0, 0, offset, body);
                        offset += body.length;
                        shipped.set(offset);
                        if (n < buffer.capacity() && !last) {
                            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(250)); // a partial chunk waits its window
                        }
                    }
                } catch (IOException | SQLException e) {
                    throw new RuntimeException(e);
                }
            });
        }
        Random random = new Random(1);
        long start = System.nanoTime();
        try (BufferedWriter out = new BufferedWriter(
                new OutputStreamWriter(Files.newOutputStream(file, StandardOpenOption.APPEND), StandardCharsets.UTF_8),
                16 * 1024)) {
            for (int i = 1; i <= total; i++) {
                out.write(line(random, i, 0));
                if (i % 200 == 0) {
                    out.flush(); // the executor flushes per burst of output
                }
            }
        }
        long wrote = System.nanoTime() - start;
        done.set(true);
        if (shipper != null) {
            shipper.join();
        }
        long all = System.nanoTime() - start;
        double mb = Files.size(file) / 1048576.0;
        System.out.printf(
                "RESULT agent shipping=%s lines=%d MB=%.1f agent_lines/s=%.0f agent_MB/s=%.1f shipped_by_end_s=%.2f shipped_MB=%.1f%n",
                shipping, total, mb, total / (wrote / 1e9), mb / (wrote / 1e9), all / 1e9, shipped.get() / 1048576.0);
        Files.delete(file);
    }

    record Sample(long latencyNanos) {}

    /** R runs at L lines/s, each shipping a chunk per window; another connection LISTENs and reads each chunk. */
    static void tailDatabase(int runs, int rate, int windowMs, int seconds) throws Exception {
        int poolSize = 8;
        BlockingQueue<Connection> pool = new ArrayBlockingQueue<>(poolSize);
        for (int i = 0; i < poolSize; i++) {
            Connection c = connect();
            c.setAutoCommit(false);
            pool.add(c);
        }
        ConcurrentLinkedQueue<Long> latencies = new ConcurrentLinkedQueue<>();
        AtomicBoolean stop = new AtomicBoolean();
        AtomicLong inserts = new AtomicLong();
        Connection listening = connect();
        try (Statement s = listening.createStatement()) {
            s.execute("LISTEN iv_logs");
        }
        Thread reader = Thread.ofPlatform().start(() -> {
            try (Connection fetch = connect();
                    PreparedStatement select =
                            fetch.prepareStatement("SELECT body FROM run_log_chunks WHERE run_id = ? AND chunk_no = ?")) {
                PGConnection pg = listening.unwrap(PGConnection.class);
                while (!stop.get()) {
                    PGNotification[] notes = pg.getNotifications(100);
                    if (notes == null) {
                        continue;
                    }
                    for (PGNotification note : notes) {
                        String[] parts = note.getParameter().split(" ");
                        select.setObject(1, UUID.fromString(parts[0]));
                        select.setInt(2, Integer.parseInt(parts[1]));
                        try (ResultSet rs = select.executeQuery()) {
                            rs.next();
                            long now = System.nanoTime();
                            for (String l : new String(rs.getBytes(1), StandardCharsets.UTF_8).split("\n")) {
                                int ts = l.indexOf(" ts=");
                                latencies.add(now - Long.parseLong(l.substring(ts + 4, l.indexOf(' ', ts + 4))));
                            }
                        }
                    }
                }
            } catch (SQLException e) {
                throw new RuntimeException(e);
            }
        });
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        CountDownLatch finished = new CountDownLatch(runs);
        long interval = TimeUnit.SECONDS.toNanos(1) / rate;
        long window = TimeUnit.MILLISECONDS.toNanos(windowMs);
        for (int r = 0; r < runs; r++) {
            Thread.ofVirtual().start(() -> {
                Random random = new Random();
                UUID run = UUID.randomUUID();
                int chunk = 0;
                long offset = 0;
                int line = 1;
                StringBuilder pending = new StringBuilder();
                int pendingLines = 0;
                long pendingSince = 0;
                long next = System.nanoTime() + random.nextLong(interval);
                try {
                    while (System.nanoTime() < end) {
                        long now = System.nanoTime();
                        long due = pendingLines > 0 ? pendingSince + window : Long.MAX_VALUE;
                        if (now >= due) {
                            byte[] body = pending.toString().getBytes(StandardCharsets.UTF_8);
                            Connection c = pool.take();
                            try {
                                store(c, run, ++chunk, line - pendingLines, pendingLines, offset, body);
                            } finally {
                                pool.add(c);
                            }
                            inserts.incrementAndGet();
                            offset += body.length;
                            pending.setLength(0);
                            pendingLines = 0;
                            continue;
                        }
                        if (now >= next) {
                            pending.append(line(random, line++, now));
                            if (pendingLines++ == 0) {
                                pendingSince = now;
                            }
                            next += interval;
                            continue;
                        }
                        LockSupport.parkNanos(Math.min(next, due) - now);
                    }
                } catch (InterruptedException | SQLException e) {
                    throw new RuntimeException(e);
                } finally {
                    finished.countDown();
                }
            });
        }
        finished.await();
        Thread.sleep(500);
        stop.set(true);
        reader.join();
        listening.close();
        for (Connection c : pool) {
            c.close();
        }
        report("database window_ms=" + windowMs + " async_commit=" + asyncCommit, runs, rate, seconds, latencies, inserts.get());
    }

    /** The same runs writing per window to files of a volume, read by one reader polling every pollMs. */
    static void tailVolume(int runs, int rate, int windowMs, int pollMs, int seconds) throws Exception {
        Path dir = Files.createDirectories(work.resolve("volume-" + UUID.randomUUID()));
        ConcurrentLinkedQueue<Long> latencies = new ConcurrentLinkedQueue<>();
        AtomicBoolean stop = new AtomicBoolean();
        AtomicLong writes = new AtomicLong();
        Path[] files = new Path[runs];
        for (int r = 0; r < runs; r++) {
            files[r] = Files.createFile(dir.resolve("run-" + r + ".log"));
        }
        Thread reader = Thread.ofPlatform().start(() -> {
            long[] offsets = new long[runs];
            ByteBuffer buffer = ByteBuffer.allocate(1024 * 1024);
            try {
                while (!stop.get()) {
                    for (int r = 0; r < runs; r++) {
                        if (Files.size(files[r]) <= offsets[r]) {
                            continue;
                        }
                        try (FileChannel in = FileChannel.open(files[r], StandardOpenOption.READ)) {
                            buffer.clear();
                            int n = in.read(buffer, offsets[r]);
                            String text = new String(buffer.array(), 0, n, StandardCharsets.UTF_8);
                            int complete = text.lastIndexOf('\n') + 1;
                            long now = System.nanoTime();
                            for (String l : text.substring(0, complete).split("\n")) {
                                if (l.isEmpty()) {
                                    continue;
                                }
                                int ts = l.indexOf(" ts=");
                                latencies.add(now - Long.parseLong(l.substring(ts + 4, l.indexOf(' ', ts + 4))));
                            }
                            offsets[r] += text.substring(0, complete).getBytes(StandardCharsets.UTF_8).length;
                        }
                    }
                    Thread.sleep(pollMs);
                }
            } catch (IOException | InterruptedException e) {
                throw new RuntimeException(e);
            }
        });
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        CountDownLatch finished = new CountDownLatch(runs);
        long interval = TimeUnit.SECONDS.toNanos(1) / rate;
        long window = TimeUnit.MILLISECONDS.toNanos(windowMs);
        for (int r = 0; r < runs; r++) {
            Path file = files[r];
            Thread.ofVirtual().start(() -> {
                Random random = new Random();
                StringBuilder pending = new StringBuilder();
                int pendingLines = 0;
                long pendingSince = 0;
                int line = 1;
                long next = System.nanoTime() + random.nextLong(interval);
                try (FileChannel out = FileChannel.open(file, StandardOpenOption.WRITE, StandardOpenOption.APPEND)) {
                    while (System.nanoTime() < end) {
                        long now = System.nanoTime();
                        long due = pendingLines > 0 ? pendingSince + window : Long.MAX_VALUE;
                        if (now >= due) {
                            out.write(ByteBuffer.wrap(pending.toString().getBytes(StandardCharsets.UTF_8)));
                            writes.incrementAndGet();
                            pending.setLength(0);
                            pendingLines = 0;
                            continue;
                        }
                        if (now >= next) {
                            pending.append(line(random, line++, now));
                            if (pendingLines++ == 0) {
                                pendingSince = now;
                            }
                            next += interval;
                            continue;
                        }
                        LockSupport.parkNanos(Math.min(next, due) - now);
                    }
                } catch (IOException e) {
                    throw new RuntimeException(e);
                } finally {
                    finished.countDown();
                }
            });
        }
        finished.await();
        Thread.sleep(500);
        stop.set(true);
        reader.join();
        report("volume window_ms=" + windowMs + " poll_ms=" + pollMs, runs, rate, seconds, latencies, writes.get());
    }

    static void report(String what, int runs, int rate, int seconds, ConcurrentLinkedQueue<Long> latencies, long writes) {
        long[] sorted = latencies.stream().mapToLong(Long::longValue).sorted().toArray();
        double p50 = sorted[sorted.length / 2] / 1e6;
        double p90 = sorted[(int) (sorted.length * 0.90)] / 1e6;
        double p99 = sorted[(int) (sorted.length * 0.99)] / 1e6;
        double max = sorted[sorted.length - 1] / 1e6;
        System.out.printf(
                "RESULT tail %s runs=%d lines/s/run=%d lines=%d writes/s=%.0f p50_ms=%.1f p90_ms=%.1f p99_ms=%.1f max_ms=%.1f%n",
                what, runs, rate, sorted.length, writes / (double) seconds, p50, p90, p99, max);
    }
}
