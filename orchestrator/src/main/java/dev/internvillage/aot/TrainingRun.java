package dev.internvillage.aot;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * With {@code internvillage.aot-training=true}, once the app is ready it plays a short workload against
 * itself over HTTP and exits: the reads a board makes when it opens and a reconnect
 * storm of project and user streams, each read up to its {@code connected} event and dropped. The JVM
 * then writes the classes this loaded and linked and the profiles of the methods it ran into the cache
 * ({@code -XX:AOTCacheOutput}), so a start from the cache serves its first requests, and thousands of
 * boards coming back after a restart, with less class loading and an earlier JIT than a cache trained
 * on start-up alone. {@code bin/run} runs it on a throwaway data directory and embedded database, with
 * the per-user stream limit raised for the storm.
 */
@Component
@ConditionalOnBooleanProperty("internvillage.aot-training")
class TrainingRun {

    private static final Logger log = LoggerFactory.getLogger(TrainingRun.class);
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private final int rounds;
    private final int streams;
    private final int concurrency;

    TrainingRun(
            @Value("${internvillage.aot-training.rounds:100}") int rounds,
            @Value("${internvillage.aot-training.streams:3000}") int streams,
            @Value("${internvillage.aot-training.concurrency:32}") int concurrency) {
        this.rounds = rounds;
        this.streams = streams;
        this.concurrency = concurrency;
    }

    @EventListener
    void onReady(ApplicationReadyEvent ready) {
        var context = (WebServerApplicationContext) ready.getApplicationContext();
        int status = 0;
        long started = System.nanoTime();
        try (var client = HttpClient.newBuilder()
                        .version(HttpClient.Version.HTTP_1_1)
                        .connectTimeout(TIMEOUT)
                        .build();
                var threads = Executors.newVirtualThreadPerTaskExecutor()) {
            var workload = new Workload(
                    client,
                    URI.create("http://127.0.0.1:" + context.getWebServer().getPort()));
            String project = workload.demoProject();
            workload.reads(project, rounds);
            long read = System.nanoTime();
            workload.storm(project, streams, concurrency, threads);
            log.info(
                    "AOT training: {} rounds of reads in {} ms, {} stream connects in {} ms",
                    rounds,
                    Duration.ofNanos(read - started).toMillis(),
                    streams,
                    Duration.ofNanos(System.nanoTime() - read).toMillis());
        } catch (IOException | RuntimeException | ExecutionException e) {
            log.error("AOT training failed", e);
            status = 1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            status = 1;
        }
        int exit = status;
        System.exit(SpringApplication.exit(ready.getApplicationContext(), () -> exit));
    }

    /** The requests, against the app's own port. */
    private record Workload(HttpClient client, URI base) {

        /** The id of a new sample project ({@code POST /api/projects/demo}). */
        String demoProject() throws IOException, InterruptedException {
            String body = send(HttpRequest.newBuilder(base.resolve("/api/projects/demo"))
                    .POST(HttpRequest.BodyPublishers.noBody()));
            return JsonMapper.shared().readTree(body).get("id").asString();
        }

        /** What the web UI asks for when a board opens, {@code rounds} times. */
        void reads(String project, int rounds) throws IOException, InterruptedException {
            List<String> paths = List.of(
                    "/api/auth/me",
                    "/api/settings",
                    "/api/projects",
                    "/api/projects/" + project,
                    "/api/projects/" + project + "/tasks",
                    "/api/projects/" + project + "/active-runs",
                    "/api/activity",
                    "/api/needs-you");
            for (int i = 0; i < rounds; i++) {
                for (String path : paths) {
                    send(HttpRequest.newBuilder(base.resolve(path)).GET());
                }
            }
        }

        /** {@code count} streams opened {@code concurrency} at a time, each dropped once connected. */
        void storm(String project, int count, int concurrency, ExecutorService threads)
                throws InterruptedException, ExecutionException {
            List<Future<?>> workers = new ArrayList<>();
            for (int w = 0; w < concurrency; w++) {
                int first = w;
                workers.add(threads.submit(() -> {
                    for (int i = first; i < count; i += concurrency) {
                        connect(i % 2 == 0 ? "/api/projects/" + project + "/events" : "/api/events");
                    }
                    return null;
                }));
            }
            for (Future<?> worker : workers) {
                worker.get();
            }
        }

        private void connect(String path) throws IOException, InterruptedException {
            HttpResponse<InputStream> response = client.send(
                    HttpRequest.newBuilder(base.resolve(path))
                            .header("Accept", "text/event-stream")
                            .timeout(TIMEOUT)
                            .GET()
                            .build(),
                    HttpResponse.BodyHandlers.ofInputStream());
            try (var lines = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
                check(response.statusCode(), path);
                boolean connected = false;
                for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                    if (line.equals("event: connected")) {
                        connected = true;
                    } else if (connected && line.isEmpty()) {
                        return;
                    }
                }
                throw new IOException(path + " ended before its connected event");
            }
        }

        private String send(HttpRequest.Builder request) throws IOException, InterruptedException {
            HttpResponse<String> response =
                    client.send(request.timeout(TIMEOUT).build(), HttpResponse.BodyHandlers.ofString());
            check(response.statusCode(), response.request().uri().getPath());
            return response.body();
        }

        private static void check(int status, String path) throws IOException {
            if (status / 100 != 2) {
                throw new IOException(path + " answered " + status);
            }
        }
    }
}
