package dev.internvillage.notify;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Posts JSON bodies to one webhook URL from a bounded queue on one daemon thread. A full queue drops
 * the message (counted, and logged once per burst); a failed post is tried again a couple of times
 * with a growing pause, then dropped with a warning. Offering never blocks.
 */
final class WebhookSender {

    private static final Logger log = LoggerFactory.getLogger(WebhookSender.class);

    static final int CAPACITY = 1_000;
    static final int ATTEMPTS = 3;
    private static final Duration TIMEOUT = Duration.ofSeconds(5);

    private final URI url;
    private final Duration backoff;
    private final BlockingQueue<String> queue = new ArrayBlockingQueue<>(CAPACITY);
    private final AtomicLong dropped = new AtomicLong();
    /** Whether the current burst of drops was logged already; reset once a message is queued again. */
    private volatile boolean dropLogged;

    private final HttpClient client =
            HttpClient.newBuilder().connectTimeout(TIMEOUT).build();
    private @Nullable Thread thread;

    WebhookSender(URI url, Duration backoff) {
        this.url = url;
        this.backoff = backoff;
    }

    /** Queues {@code body} for delivery; false (and counted) when the queue is full. */
    boolean offer(String body) {
        if (queue.offer(body)) {
            dropLogged = false;
            return true;
        }
        long count = dropped.incrementAndGet();
        if (!dropLogged) {
            dropLogged = true;
            log.warn(
                    "Notification queue full ({} waiting): dropping notifications ({} dropped so far)",
                    CAPACITY,
                    count);
        }
        return false;
    }

    long dropped() {
        return dropped.get();
    }

    synchronized void start() {
        if (thread != null) {
            return;
        }
        thread = Thread.ofPlatform().daemon().name("notify-webhook").start(this::run);
    }

    synchronized void stop() {
        if (thread != null) {
            thread.interrupt();
            thread = null;
        }
    }

    synchronized boolean isRunning() {
        return thread != null;
    }

    private void run() {
        try {
            while (!Thread.currentThread().isInterrupted()) {
                deliver(queue.take());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            log.warn("The notification sender stopped", e);
        }
    }

    private void deliver(String body) throws InterruptedException {
        String problem = "";
        for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
            if (attempt > 1) {
                TimeUnit.MILLISECONDS.sleep(backoff.toMillis() * (1L << (attempt - 2)));
            }
            try {
                HttpResponse<Void> response = client.send(
                        HttpRequest.newBuilder(url)
                                .timeout(TIMEOUT)
                                .header("Content-Type", "application/json")
                                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8))
                                .build(),
                        HttpResponse.BodyHandlers.discarding());
                if (response.statusCode() / 100 == 2) {
                    return;
                }
                problem = "HTTP " + response.statusCode();
            } catch (IOException | IllegalArgumentException e) {
                problem = e.toString();
            }
        }
        log.warn("Dropped a notification after {} attempts: {}", ATTEMPTS, problem);
    }
}
