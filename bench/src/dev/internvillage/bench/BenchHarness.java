package dev.internvillage.bench;

import dev.internvillage.InternVillageApplication;
import dev.internvillage.agent.AgentRun;
import dev.internvillage.agent.AgentRunFailed;
import dev.internvillage.agent.AgentType;
import dev.internvillage.agent.LogActivity;
import dev.internvillage.agent.RunId;
import dev.internvillage.agent.RunService;
import dev.internvillage.agent.RunStatus;
import dev.internvillage.task.TaskId;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.servlet.Filter;
import jakarta.servlet.http.HttpServletRequest;
import java.io.FileOutputStream;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The app plus bench-only helpers, never part of the product: it stands in for the agent executor
 * (runs recorded and started through the real RunService and event path, log lines appended with
 * the executor's write signal), publishes status events through the real outbox path (an
 * {@code agent:failed} event, appended to the event log in a transaction and fanned out after the
 * commit), and maps {@code /bench/a/{n}/events} onto the real stream URL of run n so SseBench's
 * index templates can address runs.
 */
@Configuration(proxyBeanMethods = false)
public class BenchHarness {

    public static void main(String[] args) {
        new SpringApplicationBuilder(InternVillageApplication.class, BenchHarness.class).run(args);
    }

    static final List<AgentRun> RUNS = new CopyOnWriteArrayList<>();

    @Bean
    FilterRegistrationBean<Filter> benchAliases() {
        Pattern alias = Pattern.compile("^/bench/a/(\\d+)/events$");
        FilterRegistrationBean<Filter> bean = new FilterRegistrationBean<>((request, response, chain) -> {
            Matcher m = alias.matcher(((HttpServletRequest) request).getRequestURI());
            if (!m.matches()) {
                chain.doFilter(request, response);
                return;
            }
            AgentRun run = RUNS.get(Integer.parseInt(m.group(1)));
            request.getRequestDispatcher(
                            "/api/projects/" + run.projectId() + "/events?subscribe_logs=" + run.id())
                    .forward(request, response);
        });
        bean.addUrlPatterns("/bench/a/*");
        return bean;
    }

    @RestController
    static class Endpoints {

        private static final Pattern TS = Pattern.compile("\"ts\"\\s*:\\s*(\\d+)");
        private static final Pattern SEQ = Pattern.compile("\"seq\"\\s*:\\s*(\\d+)");
        private static final DateTimeFormatter HMS = DateTimeFormatter.ofPattern("HH:mm:ss");

        private final RunService runs;
        private final LogActivity activity;
        private final ApplicationEventPublisher publisher;
        private final TransactionTemplate tx;
        private final MeterRegistry registry;

        Endpoints(
                RunService runs,
                LogActivity activity,
                ApplicationEventPublisher publisher,
                PlatformTransactionManager transactions,
                MeterRegistry registry) {
            this.runs = runs;
            this.activity = activity;
            this.publisher = publisher;
            this.tx = new TransactionTemplate(transactions);
            this.registry = registry;
        }

        /** Records {@code count} RUNNING planner runs of the task (attempts 1..n), as the executor would. */
        @PostMapping("/bench/setup")
        Map<String, Object> setup(@RequestParam UUID task, @RequestParam int count, @RequestParam int firstAttempt) {
            RUNS.clear();
            for (int i = 0; i < count; i++) {
                int attempt = firstAttempt + i;
                // publishes AgentRunStarted in its own transaction, as the executor's runs do
                AgentRun run = runs.recordStarted(new TaskId(task), null, attempt, "bench");
                try {
                    Files.createDirectories(runs.logFile(run).getParent());
                    Files.writeString(runs.logFile(run), "");
                } catch (IOException e) {
                    throw new IllegalStateException(e);
                }
                RUNS.add(run);
            }
            return Map.of("runs", RUNS.size(), "project", RUNS.getFirst().projectId().toString());
        }

        /**
         * Every run writes {@code rate} lines/s for {@code seconds}, each carrying its write time; with
         * {@code signal} the executor's write signal follows each line (else tails find them by polling).
         */
        @PostMapping("/bench/write")
        String write(
                @RequestParam int rate,
                @RequestParam int seconds,
                @RequestParam boolean signal,
                @RequestParam(defaultValue = "60") int pad) {
            String padding = "x".repeat(pad);
            long start = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(200);
            long interval = TimeUnit.SECONDS.toNanos(1) / rate;
            int lines = rate * seconds;
            List<Thread> writers = new ArrayList<>();
            int index = 0;
            for (AgentRun run : RUNS) {
                long offset = interval * index++ / Math.max(1, RUNS.size()); // spread the runs over the interval
                Path file = runs.logFile(run);
                RunId id = run.id();
                writers.add(Thread.ofVirtual().start(() -> {
                    try (FileOutputStream out = new FileOutputStream(file.toFile(), true)) {
                        for (int seq = 0; seq < lines; seq++) {
                            long due = start + offset + seq * interval;
                            long wait = due - System.nanoTime();
                            if (wait > 0) {
                                LockSupport.parkNanos(wait);
                            }
                            java.time.Instant now = java.time.Instant.now();
                            long micros = now.getEpochSecond() * 1_000_000L + now.getNano() / 1000;
                            String line = "[" + LocalTime.now().format(HMS) + "] seq=" + seq + " ts=" + micros
                                    + " " + padding + "\n";
                            out.write(line.getBytes(StandardCharsets.UTF_8));
                            if (signal) {
                                activity.written(id);
                            }
                        }
                    } catch (IOException e) {
                        throw new IllegalStateException(e);
                    }
                }));
            }
            return "writing " + lines + " lines to each of " + writers.size() + " runs\n";
        }

        /** A status event through the real outbox path: appended in a transaction, sent after the commit. */
        @PostMapping("/bench/publish")
        String publish(@RequestBody String body) {
            Matcher ts = TS.matcher(body);
            Matcher seq = SEQ.matcher(body);
            String marker = (seq.find() ? "seq=" + seq.group(1) : "") + " ts=" + (ts.find() ? ts.group(1) : "0");
            AgentRun template = RUNS.getFirst();
            AgentRun failed = new AgentRun(
                    new RunId(UUID.randomUUID()),
                    template.projectId(),
                    template.taskId(),
                    null,
                    AgentType.PLANNER,
                    1,
                    RunStatus.FAILED,
                    template.startedAt(),
                    null,
                    0L,
                    0,
                    marker,
                    template.logPath());
            tx.executeWithoutResult(status -> publisher.publishEvent(new AgentRunFailed(failed, true, null)));
            return "ok";
        }

        /** Heap after a full GC, the process RSS, and the number of open streams. */
        @GetMapping("/bench/mem")
        Map<String, Object> memory() throws IOException {
            for (int i = 0; i < 3; i++) {
                System.gc();
            }
            long heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
            long rssKb = Files.readAllLines(Path.of("/proc/self/status")).stream()
                    .filter(l -> l.startsWith("VmRSS:"))
                    .map(l -> Long.parseLong(l.replaceAll("\\D", "")))
                    .findFirst()
                    .orElse(-1L);
            double open = registry.get("iv.events.connections.open").gauge().value();
            return Map.of("heap_used_bytes", heap, "rss_kb", rssKb, "open_streams", open);
        }
    }


}
