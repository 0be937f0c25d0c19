package dev.internvillage.notify;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The sender's queue is bounded: offering never blocks, and what does not fit is dropped and counted. */
class WebhookSenderTests {

    @Test
    void aFullQueueDropsAndCountsWithoutBlocking() {
        WebhookSender sender = new WebhookSender(URI.create("http://127.0.0.1:9/hook"), Duration.ofMillis(1));

        for (int i = 0; i < WebhookSender.CAPACITY; i++) {
            assertThat(sender.offer("{\"text\":\"" + i + "\"}")).isTrue();
        }
        assertThat(sender.offer("{\"text\":\"one too many\"}")).isFalse();
        assertThat(sender.offer("{\"text\":\"two too many\"}")).isFalse();

        assertThat(sender.dropped()).isEqualTo(2);
        assertThat(sender.isRunning()).isFalse();
    }
}
