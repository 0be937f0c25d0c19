package dev.internvillage.task;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** What a forge says about its checks, bounded before it is kept and shown. */
class ForgeCheckTests {

    @Test
    void aCheckKeepsAShortNameAKnownStatusAConclusionOnlyWhenCompletedAndOnlyWebLinks() {
        ForgeCheck longName = ForgeCheck.of("x".repeat(300), "completed", "FAILURE", "https://ci.example/1");
        assertThat(longName.name()).hasSize(ForgeCheck.MAX_NAME);
        assertThat(longName.conclusion()).isEqualTo("failure");

        assertThat(ForgeCheck.of("ci", "waiting", "success", null))
                .as("any other status is queued, and a conclusion before completion is dropped")
                .isEqualTo(new ForgeCheck("ci", "queued", null, null));
        assertThat(ForgeCheck.of("ci", "in_progress", "", null).status()).isEqualTo("in_progress");
        assertThat(ForgeCheck.of("ci", "completed", " ", null).conclusion()).isNull();

        for (String notAWebLink : List.of(
                "javascript:alert(1)",
                "data:text/html,<b>hi</b>",
                "//ci.example/1",
                "https://ci.example/a b",
                "https://ci.example/" + "a".repeat(ForgeCheck.MAX_URL))) {
            assertThat(ForgeCheck.of("ci", "completed", "success", notAWebLink).detailsUrl())
                    .as(notAWebLink)
                    .isNull();
        }
        assertThat(ForgeCheck.of("ci", "completed", "success", "HTTP://ci.example/1")
                        .detailsUrl())
                .isEqualTo("HTTP://ci.example/1");
    }

    @Test
    void theSummaryPutsFailedThenRunningFirstInOneOrderAndKeepsAtMostFifty() {
        ForgeCheck lint = ForgeCheck.of("lint", "completed", "success", null);
        ForgeCheck test = ForgeCheck.of("test", "completed", "timed_out", null);
        ForgeCheck build = ForgeCheck.of("build", "in_progress", null, null);
        ForgeCheck docs = ForgeCheck.of("docs", "completed", "skipped", null);
        ForgeCheck deploy = ForgeCheck.of("deploy", "completed", "failure", null);

        List<ForgeCheck> summary = ForgeCheck.summary(List.of(lint, test, build, docs, deploy));

        assertThat(summary).containsExactly(deploy, test, build, docs, lint);
        assertThat(ForgeCheck.summary(List.of(docs, deploy, lint, build, test)))
                .as("the forge's order does not matter, so the same checks compare equal")
                .isEqualTo(summary);

        List<ForgeCheck> many = new ArrayList<>(IntStream.range(0, 80)
                .mapToObj(i -> ForgeCheck.of("passed-%02d".formatted(i), "completed", "success", null))
                .toList());
        many.add(deploy);
        List<ForgeCheck> cut = ForgeCheck.summary(many);
        assertThat(cut).hasSize(ForgeCheck.MAX_CHECKS);
        assertThat(cut.getFirst()).as("a cut keeps the ones that need a look").isEqualTo(deploy);
    }
}
