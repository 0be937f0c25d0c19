package dev.internvillage.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/** The app's mapper settings on every scalar type a request could carry, including the ones no body has yet. */
class StrictJsonTests {

    enum Colour {
        RED,
        GREEN
    }

    record Everything(String text, Integer whole, Long large, Double fraction, Boolean flag, Colour colour, UUID id) {}

    private static final String VALID = "{\"text\":\"t\",\"whole\":1,\"large\":2,\"fraction\":1.5,\"flag\":true,"
            + "\"colour\":\"RED\",\"id\":\"123e4567-e89b-12d3-a456-426614174000\"}";

    private final JsonMapper json = mapper();

    private static JsonMapper mapper() {
        JsonMapper.Builder builder = JsonMapper.builder();
        new StrictJson().customize(builder);
        return builder.build();
    }

    private Everything read(String field, String value) {
        return json.readValue(
                VALID.replaceFirst("\"" + field + "\":[^,}]+", "\"" + field + "\":" + value), Everything.class);
    }

    @Test
    void readsEachTypeFromItsOwnJsonType() {
        Everything read = json.readValue(VALID, Everything.class);

        assertThat(read)
                .isEqualTo(new Everything(
                        "t", 1, 2L, 1.5, true, Colour.RED, UUID.fromString("123e4567-e89b-12d3-a456-426614174000")));
        assertThat(read("fraction", "2").fraction())
                .as("a whole number is a fraction")
                .isEqualTo(2.0);
        assertThat(read("text", "null").text()).isNull();
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "text=true",
                "text=1",
                "text=1.5",
                "whole=\"1\"",
                "whole=1.5",
                "whole=1.0",
                "whole=true",
                "whole=\"\"",
                "large=\"2\"",
                "large=99999999999999999999",
                "fraction=\"1.5\"",
                "fraction=true",
                "flag=\"true\"",
                "flag=1",
                "flag=\"\"",
                "colour=0",
                "colour=\"\"",
                "colour=\"red\"",
                "id=\"123e4567e89b12d3a456426614174000\"",
                "id=\"1-2-3-4-5\"",
                "id=\" 123e4567-e89b-12d3-a456-426614174000\"",
                "id=\"EjRWeJASNFZ4kBI0VniQEg==\"",
                "id=1"
            })
    void refusesAValueOfAnotherType(String fieldAndValue) {
        String[] parts = fieldAndValue.split("=", 2);

        assertThatThrownBy(() -> read(parts[0], parts[1])).isInstanceOf(JacksonException.class);
    }

    @Test
    void refusesADuplicateKey() {
        assertThatThrownBy(() -> json.readValue("{\"text\":\"a\",\"text\":\"b\"}", Everything.class))
                .isInstanceOf(JacksonException.class)
                .hasMessageContaining("Duplicate");
    }
}
