package dev.internvillage.bench;

import dev.internvillage.InternVillageApplication;
import dev.internvillage.agent.AgentRun;
import dev.internvillage.agent.AgentRunFailed;
import dev.internvillage.agent.AgentType;
import dev.internvillage.agent.RunId;
import dev.internvillage.agent.RunService;
import dev.internvillage.agent.RunStatus;
import dev.internvillage.agent.RunUsage;
import dev.internvillage.project.ProjectId;
import dev.internvillage.runlog.LogWriteSignal;
import dev.internvillage.task.TaskId;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.servlet.Filter;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Primary;
import org.springframework.core.Ordered;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The app plus bench-only helpers, never part of the product: it maps {@code /bench/a/{n}/events}
 * onto the real stream URL of run n (runs started by the real agent executor, collected by {@code
 * /bench/runs}) so SseBench's index templates can address runs; for case D it mutes the executor's
 * write signal; it publishes status events through the real outbox path (an {@code agent:failed}
 * event, appended to the event log in a transaction and fanned out after the commit); and it reports
 * heap and RSS.
 */
@Configuration(proxyBeanMethods = false)
public class BenchHarness {

    public static void main(String[] args) {
        new SpringApplicationBuilder(InternVillageApplication.class, BenchHarness.class).run(args);
    }

    static final List<AgentRun> RUNS = new CopyOnWriteArrayList<>();

    /**
     * Case D, the seed's design: with {@code -Dbench.write-signal=false} the executor's "bytes
     * written" signal reaches no one, so log tails find new lines only by polling every {@code
     * LOG_TAIL_POLL_MS} (100 ms). Everything else (executor, log file, tail, stream) is unchanged.
     */
    @Bean
    @Primary
    @ConditionalOnProperty(name = "bench.write-signal", havingValue = "false")
    LogWriteSignal pollingOnly() {
        return new LogWriteSignal() {
            @Override
            public void written(Path file) {
                // no signal: the tails poll
            }
        };
    }

    /**
     * {@code -Dbench.connector.<name>=<value>} sets a property of Tomcat's connector (e.g. {@code
     * socket.appReadBufSize}), after the app's own settings, to measure what connector tuning changes.
     */
    @Bean
    WebServerFactoryCustomizer<TomcatServletWebServerFactory> benchConnector() {
        return new OrderedConnectorCustomizer();
    }

    static final class OrderedConnectorCustomizer
            implements WebServerFactoryCustomizer<TomcatServletWebServerFactory>, Ordered {
        @Override
        public void customize(TomcatServletWebServerFactory factory) {
            factory.addConnectorCustomizers(connector -> System.getProperties().stringPropertyNames().stream()
                    .filter(name -> name.startsWith("bench.connector."))
                    .forEach(name -> connector.setProperty(
                            name.substring("bench.connector.".length()), System.getProperty(name))));
        }

        @Override
        public int getOrder() {
            return Ordered.LOWEST_PRECEDENCE;
        }
    }

    /**
     * {@code /bench/a/{n}/events}: the real stream of run n's project, following run n's log from its
     * next line ({@code <run>@<lines+1>}), so the orchestrator's notes written before the agent's first
     * line are not backfilled into the measured window.
     */
    @Bean
    FilterRegistrationBean<Filter> benchAliases(RunService runs) {
        Pattern alias = Pattern.compile("^/bench/a/(\\d+)/events$");
        FilterRegistrationBean<Filter> bean = new FilterRegistrationBean<>((request, response, chain) -> {
            Matcher m = alias.matcher(((HttpServletRequest) request).getRequestURI());
            if (!m.matches()) {
                chain.doFilter(request, response);
                return;
            }
            AgentRun run = RUNS.get(Integer.parseInt(m.group(1)));
            long next = countLines(runs.logFile(run)) + 1;
            request.getRequestDispatcher("/api/projects/" + run.projectId() + "/events?subscribe_logs=" + run.id()
                            + "@" + next)
                    .forward(request, response);
        });
        bean.addUrlPatterns("/bench/a/*");
        return bean;
    }

    /**
     * {@code /bench/r/{n}/events}: the real stream of run n's project, following run n's log from its
     * first line ({@code <run>@1}). For runs whose log is on another instance (bench/cluster.sh), which
     * this instance cannot count: the lines written before the agents' go carry no time stamp and are
     * not measured.
     */
    @Bean
    FilterRegistrationBean<Filter> benchRemoteAliases() {
        Pattern alias = Pattern.compile("^/bench/r/(\\d+)/events$");
        FilterRegistrationBean<Filter> bean = new FilterRegistrationBean<>((request, response, chain) -> {
            Matcher m = alias.matcher(((HttpServletRequest) request).getRequestURI());
            if (!m.matches()) {
                chain.doFilter(request, response);
                return;
            }
            AgentRun run = RUNS.get(Integer.parseInt(m.group(1)));
            request.getRequestDispatcher("/api/projects/" + run.projectId() + "/events?subscribe_logs=" + run.id() + "@1")
                    .forward(request, response);
        });
        bean.addUrlPatterns("/bench/r/*");
        return bean;
    }

    /**
     * {@code POST /bench/publish} (cases B and C): one status event through the real outbox path, an
     * {@code agent:failed} event appended to the event log in a transaction and fanned out after the
     * commit. It is a filter ahead of Spring Security and MVC because in the product status changes
     * start inside the server (an agent ending, a merge), not in an HTTP request: the load
     * generator's request should not cost the server more than the event itself.
     */
    @Bean
    FilterRegistrationBean<Filter> benchPublisher(
            ApplicationEventPublisher publisher, PlatformTransactionManager transactions) {
        Pattern ts = Pattern.compile("\"ts\"\\s*:\\s*(\\d+)");
        Pattern seq = Pattern.compile("\"seq\"\\s*:\\s*(\\d+)");
        TransactionTemplate tx = new TransactionTemplate(transactions);
        FilterRegistrationBean<Filter> bean = new FilterRegistrationBean<>((request, response, chain) -> {
            String body = new String(request.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            Matcher t = ts.matcher(body);
            Matcher s = seq.matcher(body);
            String marker = (s.find() ? "seq=" + s.group(1) : "") + " ts=" + (t.find() ? t.group(1) : "0");
            AgentRun failed = failedRun(RUNS.getFirst(), marker);
            tx.executeWithoutResult(status -> publisher.publishEvent(new AgentRunFailed(failed, true, null)));
            byte[] ok = "ok".getBytes(StandardCharsets.UTF_8);
            response.setContentType("text/plain");
            response.setContentLength(ok.length);
            response.getOutputStream().write(ok);
        });
        bean.addUrlPatterns("/bench/publish");
        bean.setOrder(Ordered.HIGHEST_PRECEDENCE);
        return bean;
    }

    /** A failed run of the template's task whose error message carries the publisher's marker. */
    private static AgentRun failedRun(AgentRun template, String marker) {
        return new AgentRun(
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
                template.logPath(),
                null,
                template.runtime(),
                RunUsage.ofTotal(0),
                null,
                null);
    }

    private static long countLines(Path file) throws IOException {
        long lines = 0;
        for (byte b : Files.readAllBytes(file)) {
            if (b == '\n') {
                lines++;
            }
        }
        return lines;
    }

    @RestController
    static class Endpoints {

        private final RunService runs;
        private final MeterRegistry registry;

        Endpoints(RunService runs, MeterRegistry registry) {
            this.runs = runs;
            this.registry = registry;
        }

        /**
         * Cases B and C: records {@code count} RUNNING planner runs of the task (attempts 1..n) through
         * the real RunService; the first is the template of the {@code agent:failed} events published.
         */
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
         * Waits until the project has {@code count} RUNNING runs (started by the real agent loops and
         * executor) and makes them runs 0..count-1 of {@code /bench/a/{n}/events}, oldest first. With
         * {@code local=false} the runs may run on another instance (no log file here).
         */
        @PostMapping("/bench/runs")
        Map<String, Object> collect(
                @RequestParam UUID project,
                @RequestParam int count,
                @RequestParam(defaultValue = "300") int seconds,
                @RequestParam(defaultValue = "true") boolean local)
                throws InterruptedException {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
            List<AgentRun> running = List.of();
            while (System.nanoTime() < deadline) {
                running = runs.activeRuns(new ProjectId(project)).stream()
                        .filter(r -> r.status() == RunStatus.RUNNING && (!local || Files.exists(runs.logFile(r))))
                        .toList();
                if (running.size() >= count) {
                    break;
                }
                Thread.sleep(200);
            }
            if (running.size() < count) {
                throw new IllegalStateException(
                        "only " + running.size() + " of " + count + " runs are running after " + seconds + " s");
            }
            RUNS.clear();
            RUNS.addAll(running.subList(0, count));
            return Map.of("runs", RUNS.size());
        }

        /** Heap after a full GC, the process RSS, and the number of open streams. */
        @GetMapping("/bench/mem")
        Map<String, Object> memory(@RequestParam(defaultValue = "true") boolean collect) throws IOException {
            if (collect) {
                for (int i = 0; i < 3; i++) {
                    System.gc();
                }
            }
            long heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
            long rssKb = collect ? settledRssKb() : rssKb();
            double open = registry.get("iv.events.connections.open").gauge().value();
            return Map.of("heap_used_bytes", heap, "rss_kb", rssKb, "open_streams", open);
        }

        /**
         * The resident set once it stops falling: G1 gives the memory a collection freed back to the
         * system on a thread of its own after the collection, so a reading taken at once can catch it
         * half done (a bench's read, so it polls: at most 5 s, until 1 s without a fall).
         */
        private static long settledRssKb() throws IOException {
            long lowest = rssKb();
            long lastFall = System.nanoTime();
            long deadline = lastFall + TimeUnit.SECONDS.toNanos(5);
            while (System.nanoTime() - lastFall < TimeUnit.SECONDS.toNanos(1) && System.nanoTime() < deadline) {
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(100));
                long now = rssKb();
                if (now < lowest) {
                    lowest = now;
                    lastFall = System.nanoTime();
                }
            }
            return lowest;
        }

        private static long rssKb() throws IOException {
            return Files.readAllLines(Path.of("/proc/self/status")).stream()
                    .filter(l -> l.startsWith("VmRSS:"))
                    .map(l -> Long.parseLong(l.replaceAll("\\D", "")))
                    .findFirst()
                    .orElse(-1L);
        }
    }


}
