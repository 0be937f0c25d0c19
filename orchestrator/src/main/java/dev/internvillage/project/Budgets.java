package dev.internvillage.project;

import dev.internvillage.common.DomainException;
import java.math.BigDecimal;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/** The checks a budget value passes, for tasks and the project defaults alike. */
public final class Budgets {

    /** Larger than any sensible budget, small enough for the column. */
    public static final BigDecimal MAX_USD = new BigDecimal("1000000");

    public static final long MAX_TOKENS = 1_000_000_000_000L;

    private Budgets() {}

    /**
     * A budget in US dollars: a number above 0 (at most 6 decimals kept), or null for none.
     *
     * @throws DomainException INVALID_REQUEST for anything else
     */
    public static @Nullable BigDecimal usd(JsonNode value, String field) {
        if (value.isNull()) {
            return null;
        }
        if (!value.isNumber()) {
            throw DomainException.invalid(field + " must be a number of US dollars above 0, or null for none");
        }
        BigDecimal usd = value.decimalValue();
        if (usd.signum() <= 0 || usd.compareTo(MAX_USD) > 0) {
            throw DomainException.invalid(field + " must be above 0 and at most " + MAX_USD.toPlainString());
        }
        return usd.setScale(Math.min(Math.max(usd.scale(), 0), 6), java.math.RoundingMode.HALF_UP);
    }

    /**
     * A budget in tokens: a whole number above 0, or null for none.
     *
     * @throws DomainException INVALID_REQUEST for anything else
     */
    public static @Nullable Long tokens(JsonNode value, String field) {
        if (value.isNull()) {
            return null;
        }
        if (!value.isIntegralNumber()
                || !value.canConvertToLong()
                || value.asLong() <= 0
                || value.asLong() > MAX_TOKENS) {
            throw DomainException.invalid(
                    field + " must be a whole number of tokens from 1 to " + MAX_TOKENS + ", or null for none");
        }
        return value.asLong();
    }
}
