package dev.internvillage.agent;

import java.math.BigDecimal;
import org.jspecify.annotations.Nullable;

/**
 * What one run used, as its runtime reported it: the model, the tokens split the way the pricing of
 * models is (input without the cache, output, cache reads, cache writes) and their {@code total}, and
 * the cost in US dollars when the runtime reports one (null when it does not: unknown is not free).
 */
public record RunUsage(
        @Nullable String model,
        long inputTokens,
        long outputTokens,
        long cacheReadTokens,
        long cacheWriteTokens,
        long totalTokens,
        @Nullable BigDecimal costUsd) {

    /** A runtime that reports nothing, or only a total (the demo agent). */
    public static RunUsage ofTotal(long total) {
        return new RunUsage(null, 0, 0, 0, 0, total, null);
    }

    public RunUsage withModel(@Nullable String newModel) {
        return new RunUsage(
                newModel, inputTokens, outputTokens, cacheReadTokens, cacheWriteTokens, totalTokens, costUsd);
    }

    public RunUsage withCost(@Nullable BigDecimal cost) {
        return new RunUsage(model, inputTokens, outputTokens, cacheReadTokens, cacheWriteTokens, totalTokens, cost);
    }
}
