package dev.internvillage.events;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.concurrent.atomic.AtomicInteger;
import org.springframework.stereotype.Component;

/** The stream's Micrometer meters, under {@code iv.events.*} (Actuator: {@code /actuator/metrics}). */
@Component
public class EventMetrics {

    public final AtomicInteger openConnections = new AtomicInteger();
    public final AtomicInteger activeTails = new AtomicInteger();
    public final Counter published;
    public final Counter sentStatus;
    public final Counter sentLog;
    public final Counter sentHeartbeat;
    public final Counter slowDisconnects;
    public final Counter replayed;
    public final Counter resyncs;
    public final Counter streamsStarted;
    public final Timer tailLatency;

    EventMetrics(MeterRegistry registry) {
        registry.gauge("iv.events.connections.open", openConnections);
        registry.gauge("iv.events.tails.active", activeTails);
        published = Counter.builder("iv.events.published")
                .description("Events appended to the project event logs (committed)")
                .register(registry);
        sentStatus = Counter.builder("iv.events.sent")
                .tag("kind", "status")
                .description("Events written to streams")
                .register(registry);
        sentLog = Counter.builder("iv.events.sent").tag("kind", "log").register(registry);
        sentHeartbeat =
                Counter.builder("iv.events.sent").tag("kind", "heartbeat").register(registry);
        slowDisconnects = Counter.builder("iv.events.slow.disconnects")
                .description("Streams closed because their queue overflowed")
                .register(registry);
        replayed = Counter.builder("iv.events.replayed")
                .description("Events sent from the log to reconnecting clients")
                .register(registry);
        resyncs = Counter.builder("iv.events.resyncs").register(registry);
        streamsStarted = Counter.builder("iv.events.streams.started")
                .description("Streams that got past their beginning and now write without blocking")
                .register(registry);
        tailLatency = Timer.builder("iv.events.tail.latency")
                .description("From a log write signal (or poll) to the new lines queued for every subscriber")
                .publishPercentiles(0.5, 0.99)
                .register(registry);
    }
}
