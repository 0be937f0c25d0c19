package dev.internvillage.agent.cost;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.internvillage.agent.AgentSettings;
import dev.internvillage.agent.RunUsage;
import dev.internvillage.common.InvalidSettingException;
import dev.internvillage.common.Settings;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.mock.env.MockEnvironment;
import tools.jackson.databind.json.JsonMapper;

class PriceTableTests {

    private final JsonMapper json = JsonMapper.builder().build();
    private final MockEnvironment env = new MockEnvironment();

    @TempDir
    Path dir;

    @Test
    void theBundledTableIsDatedAndPricesTokensByKindForAModelAndItsDatedSnapshots() {
        PriceTable prices = new PriceTable(new AgentSettings(new Settings(env)), json);

        assertThat(prices.takenOn()).matches("\\d{4}-\\d{2}-\\d{2}");
        // claude-sonnet-4-5: $3 input, $15 output, $0.30 cache reads, $3.75 cache writes per million
        RunUsage usage = new RunUsage("claude-sonnet-4-5-20250929", 1_000_000, 100_000, 2_000_000, 10_000, 0, null);
        assertThat(prices.cost(usage)).isEqualByComparingTo("5.1375");
        assertThat(prices.cost(usage.withModel("anthropic/claude-sonnet-4-5"))).isEqualByComparingTo("5.1375");
        assertThat(prices.cost(usage.withModel("gpt-5-2025-08-07"))).isNotNull();
    }

    @Test
    void anUnknownModelOrNoneCostsNullNotZero() {
        PriceTable prices = new PriceTable(new AgentSettings(new Settings(env)), json);
        RunUsage usage = new RunUsage("some-model-nobody-priced", 1000, 1000, 0, 0, 2000, null);

        assertThat(prices.cost(usage)).isNull();
        assertThat(prices.cost(usage.withModel(null))).isNull();
        assertThat(prices.cost(usage.withModel("gpt-5-pro")))
                .as("not guessed from gpt-5")
                .isNull();
    }

    @Test
    void agentPricesFileReplacesTheTableAndCachedTokensWithoutAPriceCostAsInput() throws Exception {
        Path file = dir.resolve("prices.json");
        Files.writeString(file, """
                {"taken_on": "2030-01-01", "models": {"house-model": {"input": 2, "output": 4}}}""");
        env.setProperty("AGENT_PRICES_FILE", file.toString());

        PriceTable prices = new PriceTable(new AgentSettings(new Settings(env)), json);

        assertThat(prices.takenOn()).isEqualTo("2030-01-01");
        assertThat(prices.cost(new RunUsage("house-model", 500_000, 250_000, 500_000, 0, 0, null)))
                .isEqualTo(new BigDecimal("3.000000"));
        assertThat(prices.cost(new RunUsage("claude-sonnet-4-5", 1, 1, 0, 0, 2, null)))
                .isNull();
    }

    @Test
    void aMissingOrInvalidPricesFileFailsStartUpNamingTheSetting() throws Exception {
        env.setProperty("AGENT_PRICES_FILE", dir.resolve("missing.json").toString());
        assertThatThrownBy(() -> new PriceTable(new AgentSettings(new Settings(env)), json))
                .isInstanceOf(InvalidSettingException.class)
                .hasMessageContaining("AGENT_PRICES_FILE");

        Path file = dir.resolve("bad.json");
        Files.writeString(file, "{\"models\": {\"m\": {\"input\": -1, \"output\": 1}}}");
        env.setProperty("AGENT_PRICES_FILE", file.toString());
        assertThatThrownBy(() -> new PriceTable(new AgentSettings(new Settings(env)), json))
                .isInstanceOf(InvalidSettingException.class)
                .hasMessageContaining("AGENT_PRICES_FILE")
                .hasMessageContaining("input");
    }
}
