package dev.internvillage.apidocs;

import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import tools.jackson.databind.JsonNode;

/**
 * Checks a JSON value against a schema of the OpenAPI document, strictly: an object must have
 * exactly the documented properties (an undocumented one is a problem too, since it means the
 * document misses a field), each required one present, null only where allowed, enums and formats
 * (uuid, date-time) kept. Covers what the document uses: $ref, oneOf/anyOf, const, type, enum,
 * properties, required, items.
 */
final class SchemaCheck {

    private final JsonNode document;

    SchemaCheck(JsonNode document) {
        this.document = document;
    }

    /** The component schema of that name. */
    JsonNode schema(String name) {
        JsonNode schema = document.path("components").path("schemas").path(name);
        if (schema.isMissingNode()) {
            throw new AssertionError("the document has no schema " + name);
        }
        return schema;
    }

    /** What does not fit, each with its JSON path; empty when the value fits. */
    List<String> problems(JsonNode value, JsonNode schema, String path) {
        List<String> problems = new ArrayList<>();
        check(value, schema, path, problems);
        return problems;
    }

    private void check(JsonNode value, JsonNode schema, String path, List<String> problems) {
        if (schema.has("$ref")) {
            String ref = schema.get("$ref").asString();
            check(value, schema(ref.substring(ref.lastIndexOf('/') + 1)), path, problems);
            return;
        }
        for (String combinator : List.of("oneOf", "anyOf")) {
            if (schema.has(combinator)) {
                int fitting = 0;
                List<String> all = new ArrayList<>();
                for (JsonNode alternative : schema.get(combinator)) {
                    List<String> some = problems(value, alternative, path);
                    fitting += some.isEmpty() ? 1 : 0;
                    all.addAll(some);
                }
                if (fitting == 0 || (combinator.equals("oneOf") && fitting > 1)) {
                    problems.add(path + ": fits " + fitting + " of the " + combinator + " alternatives " + all);
                }
                return;
            }
        }
        if (schema.has("const") && !schema.get("const").equals(value)) {
            problems.add(path + ": is " + value + ", documented as the constant " + schema.get("const"));
        }
        Set<String> types = types(schema);
        if (!types.isEmpty() && !types.contains(typeOf(value))) {
            problems.add(path + ": is " + typeOf(value) + " (" + value + "), documented as " + types);
            return;
        }
        if (schema.has("enum") && !contains(schema.get("enum"), value)) {
            problems.add(path + ": " + value + " is not one of the documented " + schema.get("enum"));
        }
        if (value.isString() && schema.has("format")) {
            checkFormat(value.asString(), schema.get("format").asString(), path, problems);
        }
        if (value.isObject() && schema.has("properties")) {
            checkObject(value, schema, path, problems);
        }
        if (value.isArray() && schema.has("items")) {
            for (int i = 0; i < value.size(); i++) {
                check(value.get(i), schema.get("items"), path + "[" + i + "]", problems);
            }
        }
    }

    private void checkObject(JsonNode value, JsonNode schema, String path, List<String> problems) {
        JsonNode properties = schema.get("properties");
        for (String name : value.propertyNames()) {
            if (!properties.has(name)) {
                problems.add(path + "." + name + ": sent but not documented");
            } else {
                check(value.get(name), properties.get(name), path + "." + name, problems);
            }
        }
        for (JsonNode required : schema.path("required")) {
            if (!value.has(required.asString())) {
                problems.add(path + "." + required.asString() + ": documented as required but not sent");
            }
        }
    }

    private static Set<String> types(JsonNode schema) {
        Set<String> types = new HashSet<>();
        JsonNode type = schema.path("type");
        if (type.isString()) {
            types.add(type.asString());
        }
        type.forEach(t -> types.add(t.asString()));
        if (types.contains("number")) {
            types.add("integer");
        }
        return types;
    }

    private static String typeOf(JsonNode value) {
        if (value.isNull()) {
            return "null";
        }
        if (value.isIntegralNumber()) {
            return "integer";
        }
        if (value.isNumber()) {
            return "number";
        }
        if (value.isBoolean()) {
            return "boolean";
        }
        if (value.isString()) {
            return "string";
        }
        return value.isArray() ? "array" : "object";
    }

    private static boolean contains(JsonNode values, JsonNode value) {
        for (JsonNode candidate : values) {
            if (candidate.equals(value)) {
                return true;
            }
        }
        return false;
    }

    private static void checkFormat(String value, String format, String path, List<String> problems) {
        try {
            switch (format) {
                case "uuid" -> UUID.fromString(value);
                case "date-time" -> OffsetDateTime.parse(value);
                default -> {}
            }
        } catch (IllegalArgumentException | DateTimeParseException e) {
            problems.add(path + ": '" + value + "' is not a " + format);
        }
    }
}
