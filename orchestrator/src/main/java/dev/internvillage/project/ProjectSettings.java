package dev.internvillage.project;

import dev.internvillage.common.DomainException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * A change of a project's settings ({@code PATCH /api/projects/{id}}): each field is null when the
 * request leaves it out. Unknown fields are refused rather than ignored, so a misspelt setting is
 * noticed.
 */
public record ProjectSettings(@Nullable MergeMethod mergeMethod) {

    private static final Set<String> FIELDS = Set.of("merge_method");

    /**
     * @throws DomainException INVALID_REQUEST for a body that is not an object, an unknown field or a
     *     bad value
     */
    static ProjectSettings parse(JsonNode body) {
        if (!body.isObject()) {
            throw DomainException.invalid("the request body must be a JSON object of settings");
        }
        List<String> unknown = new ArrayList<>();
        body.propertyNames().forEach(name -> {
            if (!FIELDS.contains(name)) {
                unknown.add(name);
            }
        });
        if (!unknown.isEmpty()) {
            throw DomainException.invalid("unknown setting(s): " + String.join(", ", unknown) + "; the settings are "
                    + String.join(", ", FIELDS.stream().sorted().toList()));
        }
        JsonNode method = body.get("merge_method");
        if (method == null) {
            return new ProjectSettings(null);
        }
        if (!method.isString()) {
            throw DomainException.invalid("merge_method must be a string");
        }
        return new ProjectSettings(MergeMethod.of(method.asString()));
    }
}
