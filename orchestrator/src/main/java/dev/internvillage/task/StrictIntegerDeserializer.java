package dev.internvillage.task;

import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.databind.DeserializationContext;
import tools.jackson.databind.ValueDeserializer;

/**
 * Reads an {@link Integer} only from a JSON integer. Jackson's default would also take {@code 1.5}
 * (cut to 1), {@code 1.0}, {@code 1e0} and {@code "1"}, so a client's mistake would silently move
 * something; those are refused instead, and the API answers 400.
 */
final class StrictIntegerDeserializer extends ValueDeserializer<Integer> {

    @Override
    public Integer deserialize(JsonParser parser, DeserializationContext context) throws JacksonException {
        if (parser.currentToken() != JsonToken.VALUE_NUMBER_INT) {
            return context.reportInputMismatch(Integer.class, "expected a JSON integer");
        }
        // a number past the int range fails here as well
        return parser.getIntValue();
    }
}
