package dev.internvillage.runlog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.internvillage.common.InvalidSettingException;
import dev.internvillage.common.Settings;
import java.nio.charset.StandardCharsets;
import java.time.LocalTime;
import org.junit.jupiter.api.Test;
import org.springframework.mock.env.MockEnvironment;

class RunLogFormatTests {

    private final MockEnvironment env = new MockEnvironment();

    @Test
    void theLineLimitDefaultsToOneMebibyteAndLeavesTheWriterRoomForStampTagAndMarker() {
        RunLogFormat format = new RunLogFormat(new Settings(env));

        assertThat(format.maxLineBytes()).isEqualTo(1_048_576);
        assertThat(format.outputLineBytes()).isEqualTo(1_048_576 - 256);
        assertThat(new RunLogFormat(256).outputLineBytes()).isEqualTo(128);
    }

    @Test
    void aBadLineLimitStopsStartUpNamingTheVariable() {
        for (String bad : new String[] {"255", "64", "0", "67108865", "1MB"}) {
            env.setProperty("LOG_TAIL_MAX_LINE_BYTES", bad);
            assertThatThrownBy(() -> new RunLogFormat(new Settings(env)))
                    .as(bad)
                    .isInstanceOf(InvalidSettingException.class)
                    .hasMessageContaining("LOG_TAIL_MAX_LINE_BYTES")
                    .hasMessageContaining("256 to 67108864");
        }
        env.setProperty("LOG_TAIL_MAX_LINE_BYTES", "256");
        assertThat(new RunLogFormat(new Settings(env)).maxLineBytes()).isEqualTo(256);
    }

    @Test
    void theStampIsWrittenAndFoundTheSameWay() {
        String line = RunLogFormat.stamp(LocalTime.of(9, 5, 7)) + "text";

        assertThat(line).isEqualTo("[09:05:07] text");
        assertThat(RunLogFormat.timestamp(line)).isEqualTo("09:05:07");
        assertThat(RunLogFormat.timestamp("[09:05:07]text")).isNull();
        assertThat(RunLogFormat.timestamp("[9:05:07] text")).isNull();
        assertThat(RunLogFormat.timestamp("text [09:05:07] ")).isNull();
        assertThat(RunLogFormat.timestamp("")).isNull();
    }

    @Test
    void theSentinelEndsTheLineThatEndsARun() {
        assertThat(RunLogFormat.isSentinel("[10:00:00] === Run Complete ===")).isTrue();
        assertThat(RunLogFormat.isSentinel("=== Run Complete ===")).isTrue();
        assertThat(RunLogFormat.isSentinel("[10:00:00] === Run Complete === not yet"))
                .isFalse();
    }

    @Test
    void aCutNeverSplitsACharacter() {
        byte[] text = "a\u00e9\u20ac\ud83d\ude00".getBytes(StandardCharsets.UTF_8); // 1 + 2 + 3 + 4 bytes

        assertThat(RunLogFormat.wholeCharacters(text, 10)).isEqualTo(10);
        assertThat(RunLogFormat.wholeCharacters(text, 9)).isEqualTo(6);
        assertThat(RunLogFormat.wholeCharacters(text, 7)).isEqualTo(6);
        assertThat(RunLogFormat.wholeCharacters(text, 5)).isEqualTo(3);
        assertThat(RunLogFormat.wholeCharacters(text, 2)).isEqualTo(1);
        assertThat(RunLogFormat.wholeCharacters(text, 1)).isEqualTo(1);
        assertThat(RunLogFormat.wholeCharacters(text, 0)).isZero();
    }

    @Test
    void lineEndsAreNewlineCarriageReturnOrBoth() {
        RunLogFormat.LineEnds ends = new RunLogFormat.LineEnds();
        StringBuilder kinds = new StringBuilder();
        for (byte b : "a\nb\r\nc\rd\r\r\n".getBytes(StandardCharsets.US_ASCII)) {
            kinds.append(
                    switch (ends.next(b)) {
                        case TEXT -> 't';
                        case END -> 'E';
                        case SECOND_HALF -> '-';
                    });
        }

        assertThat(kinds).hasToString("tEtE-tEtEE-");
    }

    @Test
    void controlCharactersBecomeReplacementCharactersButTabsAndAnsiColoursStay() {
        assertThat(RunLogFormat.printable("a\u0000b\u0007c\td\u001b[31mred\u001b[0m\r"))
                .isEqualTo("a\uFFFDb\uFFFDc\td\u001b[31mred\u001b[0m");
        assertThat(RunLogFormat.printable("lone\rreturn")).isEqualTo("lone\uFFFDreturn");
        assertThat(RunLogFormat.printable("clean")).isEqualTo("clean");
    }
}
