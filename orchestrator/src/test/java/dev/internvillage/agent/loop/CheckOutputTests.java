package dev.internvillage.agent.loop;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The check's output: every line logged with its prefix, a bounded tail kept for the next prompt. */
class CheckOutputTests {

    @Test
    void everyLineIsLoggedWithThePrefixAndTheLastSixtyLinesAreKept() {
        CheckOutput output = new CheckOutput();
        List<String> logged = new ArrayList<>();
        for (int i = 1; i <= 100; i++) {
            output.render("line " + i, logged::add);
        }
        assertThat(logged).hasSize(100).allMatch(l -> l.startsWith("[check] line "));
        List<String> tail = output.tail().lines().toList();
        assertThat(tail.getFirst()).isEqualTo("(earlier output left out)");
        assertThat(tail.subList(1, tail.size())).hasSize(CheckOutput.MAX_LINES);
        assertThat(tail.get(1)).isEqualTo("line 41");
        assertThat(tail.getLast()).isEqualTo("line 100");
    }

    @Test
    void longLinesKeepTheTailWithinItsByteBudget() {
        CheckOutput output = new CheckOutput();
        for (int i = 0; i < 20; i++) {
            output.render(i + ":" + "é".repeat(3000), line -> {});
        }
        String tail = output.tail();
        assertThat(tail.getBytes(StandardCharsets.UTF_8).length).isLessThanOrEqualTo(CheckOutput.MAX_BYTES + 100);
        assertThat(tail).contains("19:").startsWith("(earlier output left out)");
    }

    @Test
    void shortOutputIsKeptWhole() {
        CheckOutput output = new CheckOutput();
        output.render("FAIL basket_test", line -> {});
        assertThat(output.tail()).isEqualTo("FAIL basket_test\n");
    }
}
