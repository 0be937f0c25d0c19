package dev.internvillage.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.awaitility.Awaitility;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A real Server-Sent-Events client over a real socket (java.net.http), parsing the stream as a
 * browser's EventSource does and noting when each event's last byte arrived. Not a MockMvc stand-in:
 * bytes the server holds back would show up here as late or missing events.
 */
public final class SseClient implements AutoCloseable {

    private static final HttpClient CLIENT =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final JsonMapper JSON = JsonMapper.builder().build();

    /** One event: type, id (null when the event had none), data, and the receipt time (nanoTime). */
    public record Event(String type, @Nullable String id, String data, long receivedAt) {

        public JsonNode json() {
            return JSON.readTree(data);
        }

        public long idNumber() {
            return Long.parseLong(id);
        }
    }

    private final int status;
    private final HttpHeaders headers;
    private final @Nullable String errorBody;
    private final @Nullable InputStream body;
    private final List<Event> events = new CopyOnWriteArrayList<>();
    private final List<String> retries = new CopyOnWriteArrayList<>();
    private volatile boolean ended;
    private volatile long firstByteAt;
    private @Nullable Thread reader;

    private SseClient(HttpResponse<InputStream> response) throws IOException {
        this.status = response.statusCode();
        this.headers = response.headers();
        if (status == 200) {
            this.body = response.body();
            this.errorBody = null;
            Thread t = Thread.ofVirtual().name("sse-client").start(this::read);
            this.reader = t;
        } else {
            try (InputStream in = response.body()) {
                this.errorBody = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
            this.body = null;
            this.ended = true;
        }
    }

    public static SseClient connect(String url, @Nullable String cookie, @Nullable String lastEventId) {
        return connect(CLIENT, url, cookie, lastEventId);
    }

    /** Through {@code client}: e.g. one with a longer connect timeout for thousands of connects at once. */
    public static SseClient connect(
            HttpClient client, String url, @Nullable String cookie, @Nullable String lastEventId) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).header("Accept", "text/event-stream");
        if (cookie != null) {
            request.header("Cookie", cookie);
        }
        if (lastEventId != null) {
            request.header("Last-Event-ID", lastEventId);
        }
        try {
            return new SseClient(client.send(request.GET().build(), HttpResponse.BodyHandlers.ofInputStream()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private void read() {
        String type = "message";
        String id = null;
        StringBuilder data = null;
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        byte[] buffer = new byte[8192];
        try (InputStream in = body) {
            int n;
            while ((n = in.read(buffer)) > 0) {
                if (firstByteAt == 0) {
                    firstByteAt = System.nanoTime();
                }
                for (int i = 0; i < n; i++) {
                    byte b = buffer[i];
                    if (b != '\n') {
                        line.write(b);
                        continue;
                    }
                    String text = line.toString(StandardCharsets.UTF_8);
                    line.reset();
                    if (text.isEmpty()) {
                        if (data != null) {
                            events.add(new Event(type, id, data.toString(), System.nanoTime()));
                        }
                        type = "message";
                        id = null;
                        data = null;
                    } else if (text.startsWith("event: ")) {
                        type = text.substring(7);
                    } else if (text.startsWith("id: ")) {
                        id = text.substring(4);
                    } else if (text.startsWith("data: ")) {
                        data = data == null
                                ? new StringBuilder(text.substring(6))
                                : data.append('\n').append(text.substring(6));
                    } else if (text.startsWith("retry: ")) {
                        retries.add(text.substring(7));
                    }
                }
            }
        } catch (IOException e) {
            // closed by us or by the server
        } finally {
            ended = true;
        }
    }

    public int status() {
        return status;
    }

    public HttpHeaders headers() {
        return headers;
    }

    /** The JSON error body of a refused stream. */
    public JsonNode error() {
        return JSON.readTree(errorBody);
    }

    public List<String> retries() {
        return retries;
    }

    public List<Event> events() {
        return new ArrayList<>(events);
    }

    public List<Event> events(String type) {
        return events.stream().filter(e -> e.type().equals(type)).toList();
    }

    /** Whether the stream has ended (closed by the server, or by {@link #close}). */
    public boolean ended() {
        return ended;
    }

    /** Waits for the first event matching {@code test}. */
    public Event await(Predicate<Event> test, Duration timeout) {
        Awaitility.await()
                .atMost(timeout)
                .pollInterval(5, TimeUnit.MILLISECONDS)
                .until(() -> events.stream().anyMatch(test));
        return events.stream().filter(test).findFirst().orElseThrow();
    }

    public Event await(String type) {
        return await(e -> e.type().equals(type), Duration.ofSeconds(20));
    }

    /** Closes the connection, as a browser tab going away would. */
    @Override
    public void close() {
        if (body != null) {
            try {
                body.close();
            } catch (IOException e) {
                // already closed
            }
        }
        if (reader != null) {
            reader.interrupt();
        }
    }
}
