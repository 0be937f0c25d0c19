package dev.internvillage.aot;

import static org.assertj.core.api.Assertions.assertThat;

import dev.internvillage.testing.AppInstances;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The AOT cache's training run in a JVM of its own, as {@code bin/run} starts it: it plays its workload
 * against the app's own port and exits, 0 when every request was answered, 1 otherwise (then {@code
 * bin/run} starts without a cache rather than with one trained on errors).
 */
class TrainingRunTests {

    @TempDir
    Path dataDir;

    private Process jvm;

    @AfterEach
    void killLeftoverJvm() {
        if (jvm != null) {
            jvm.destroyForcibly();
        }
    }

    @Test
    void theTrainingRunPlaysItsWorkloadAndExitsWithZero() throws Exception {
        Map<String, String> settings = training(40);
        settings.put("SSE_MAX_CONNECTIONS_PER_USER", "100");

        assertThat(exitCode(settings)).as(log()).isZero();
        assertThat(log()).contains("AOT training: 3 rounds of reads in", "40 stream connects in");
    }

    @Test
    void aRefusedRequestFailsTheTrainingRun() throws Exception {
        // four streams at a time against a limit of two per user: the storm is answered 429
        Map<String, String> settings = training(40);
        settings.put("SSE_MAX_CONNECTIONS_PER_USER", "2");

        assertThat(exitCode(settings)).as(log()).isEqualTo(1);
        assertThat(log()).contains("AOT training failed", "answered 429");
    }

    private Map<String, String> training(int streams) {
        Map<String, String> settings = new HashMap<>();
        settings.put("DATA_DIR", dataDir.resolve("data").toString());
        settings.put("INTERNVILLAGE_AOT_TRAINING", "true");
        settings.put("INTERNVILLAGE_AOT_TRAINING_ROUNDS", "3");
        settings.put("INTERNVILLAGE_AOT_TRAINING_STREAMS", Integer.toString(streams));
        settings.put("INTERNVILLAGE_AOT_TRAINING_CONCURRENCY", "4");
        return settings;
    }

    private int exitCode(Map<String, String> settings) throws Exception {
        jvm = AppInstances.startJvm(settings, 0, dataDir.resolve("app.log"));
        assertThat(jvm.waitFor(2, TimeUnit.MINUTES))
                .as("the training run exits")
                .isTrue();
        return jvm.exitValue();
    }

    private String log() {
        try {
            return Files.readString(dataDir.resolve("app.log"));
        } catch (java.io.IOException e) {
            return "(no log: " + e + ")";
        }
    }
}
