package dev.internvillage.agent.cost;

import dev.internvillage.agent.AgentSettings;
import dev.internvillage.agent.RunUsage;
import dev.internvillage.common.InvalidSettingException;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * What a run costs when its runtime does not say: its tokens times the prices of its model, from the
 * price table bundled with the app ({@code agent-prices.json}, dated by its {@code taken_on}) or the
 * one {@code AGENT_PRICES_FILE} names. A model the table does not know costs null, not 0: an unknown
 * cost must not read as a free run.
 */
@Component
public class PriceTable {

    static final String BUNDLED = "agent-prices.json";
    private static final BigDecimal MILLION = BigDecimal.valueOf(1_000_000);

    /** A dated snapshot of a listed model ({@code claude-sonnet-4-5-20250929}, {@code gpt-5-2025-08-07}). */
    private static final Pattern SNAPSHOT_SUFFIX = Pattern.compile("-(\\d{8}|\\d{4}-\\d{2}-\\d{2}|latest)");

    /** USD per million tokens of one model. */
    record Prices(BigDecimal input, BigDecimal output, BigDecimal cacheRead, BigDecimal cacheWrite) {}

    private final Map<String, Prices> models;
    private final String takenOn;

    @Autowired
    public PriceTable(AgentSettings settings, JsonMapper json) {
        this(read(settings.pricesFile(), json));
    }

    private PriceTable(JsonNode table) {
        this.takenOn = table.path("taken_on").asString("unknown date");
        Map<String, Prices> byModel = new HashMap<>();
        for (Map.Entry<String, JsonNode> entry : table.path("models").properties()) {
            JsonNode prices = entry.getValue();
            BigDecimal input = price(entry.getKey(), prices, "input", null);
            byModel.put(
                    entry.getKey(),
                    new Prices(
                            input,
                            price(entry.getKey(), prices, "output", null),
                            // a table without a cache price charges cached tokens as input
                            price(entry.getKey(), prices, "cache_read", input),
                            price(entry.getKey(), prices, "cache_write", input)));
        }
        this.models = Map.copyOf(byModel);
    }

    /** The date the table's prices were taken ({@code taken_on}). */
    public String takenOn() {
        return takenOn;
    }

    /** The cost of {@code usage} in US dollars, or null when its model is unknown or not in the table. */
    public @Nullable BigDecimal cost(RunUsage usage) {
        Prices prices = pricesOf(usage.model());
        if (prices == null) {
            return null;
        }
        BigDecimal total = prices.input()
                .multiply(BigDecimal.valueOf(usage.inputTokens()))
                .add(prices.output().multiply(BigDecimal.valueOf(usage.outputTokens())))
                .add(prices.cacheRead().multiply(BigDecimal.valueOf(usage.cacheReadTokens())))
                .add(prices.cacheWrite().multiply(BigDecimal.valueOf(usage.cacheWriteTokens())));
        return total.divide(MILLION, 6, RoundingMode.HALF_UP);
    }

    /**
     * The prices of {@code model}: listed under its own name, or under the name it is a dated snapshot
     * of; a provider prefix ({@code anthropic/…}) is ignored. Nothing else is guessed: {@code gpt-5-pro}
     * is not {@code gpt-5}.
     */
    @Nullable
    Prices pricesOf(@Nullable String model) {
        if (model == null || model.isBlank()) {
            return null;
        }
        String name = model.substring(model.lastIndexOf('/') + 1).strip();
        Prices exact = models.get(name);
        if (exact != null) {
            return exact;
        }
        for (Map.Entry<String, Prices> entry : models.entrySet()) {
            if (name.startsWith(entry.getKey())
                    && SNAPSHOT_SUFFIX
                            .matcher(name.substring(entry.getKey().length()))
                            .matches()) {
                return entry.getValue();
            }
        }
        return null;
    }

    private static BigDecimal price(String model, JsonNode prices, String field, @Nullable BigDecimal fallback) {
        JsonNode value = prices.path(field);
        if (value.isNumber() && value.decimalValue().signum() >= 0) {
            return value.decimalValue();
        }
        if (value.isMissingNode() && fallback != null) {
            return fallback;
        }
        throw new IllegalArgumentException(
                "the price table's model " + model + " needs a non-negative number " + field);
    }

    private static JsonNode read(@Nullable Path file, JsonMapper json) {
        try {
            JsonNode table;
            if (file == null) {
                try (InputStream in = PriceTable.class.getClassLoader().getResourceAsStream(BUNDLED)) {
                    if (in == null) {
                        throw new IllegalStateException("the price table is missing from the app: " + BUNDLED);
                    }
                    table = json.readTree(in);
                }
            } else {
                table = json.readTree(Files.readString(file));
            }
            if (!table.path("models").isObject()) {
                throw new IllegalArgumentException("it has no \"models\" object");
            }
            // parsed once here, so that a bad table fails start-up naming the setting
            new PriceTable(table);
            return table;
        } catch (IOException | JacksonException | IllegalArgumentException e) {
            if (file == null) {
                throw new IllegalStateException("the bundled price table is invalid: " + e.getMessage(), e);
            }
            throw new InvalidSettingException(
                    "AGENT_PRICES_FILE", "must name a readable JSON price table (" + e.getMessage() + ")");
        }
    }
}
