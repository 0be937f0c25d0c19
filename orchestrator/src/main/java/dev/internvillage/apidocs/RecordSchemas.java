package dev.internvillage.apidocs;

import com.fasterxml.jackson.annotation.JsonUnwrapped;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import io.swagger.v3.core.converter.AnnotatedType;
import io.swagger.v3.core.converter.ModelConverter;
import io.swagger.v3.core.converter.ModelConverterContext;
import io.swagger.v3.core.util.Json31;
import io.swagger.v3.oas.models.media.Schema;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Says of the app's records what the wire does: the app's JSON mapper writes every field, nulls
 * included, so each property is required; a field that can be null (a component marked {@link
 * Nullable}, in packages where everything else is non-null) allows {@code null}. Without this every
 * property would be optional and none nullable, and generated clients would guess both wrong.
 */
final class RecordSchemas implements ModelConverter {

    private static final String APP_PACKAGE = "dev.internvillage.";
    private static final PropertyNamingStrategies.NamingBase JSON_NAMES =
            (PropertyNamingStrategies.NamingBase) PropertyNamingStrategies.SNAKE_CASE;

    @Override
    public @Nullable Schema resolve(AnnotatedType type, ModelConverterContext context, Iterator<ModelConverter> chain) {
        if (!chain.hasNext()) {
            return null;
        }
        Schema resolved = chain.next().resolve(type, context, chain);
        Class<?> raw = Json31.mapper().constructType(type.getType()).getRawClass();
        if (resolved != null && raw.isRecord() && raw.getName().startsWith(APP_PACKAGE)) {
            Schema model = definition(resolved, context);
            if (model != null && model.getProperties() != null) {
                describe(model, fields(raw));
            }
        }
        return resolved;
    }

    /** The schema itself, or the definition a reference to it names. */
    private static @Nullable Schema definition(Schema resolved, ModelConverterContext context) {
        String ref = resolved.get$ref();
        if (ref == null) {
            return resolved;
        }
        return context.getDefinedModels().get(ref.substring(ref.lastIndexOf('/') + 1));
    }

    /** JSON name to "may be null" for each field the record writes, unwrapped fields inlined. */
    private static Map<String, Boolean> fields(Class<?> record) {
        Map<String, Boolean> fields = new LinkedHashMap<>();
        for (RecordComponent component : record.getRecordComponents()) {
            // Jackson's annotations reach the accessor, not the component (no RECORD_COMPONENT target)
            if (component.getAccessor().isAnnotationPresent(JsonUnwrapped.class)
                    && component.getType().isRecord()) {
                fields.putAll(fields(component.getType()));
            } else {
                fields.put(
                        JSON_NAMES.translate(component.getName()),
                        component.getAnnotatedType().isAnnotationPresent(Nullable.class));
            }
        }
        return fields;
    }

    @SuppressWarnings({"rawtypes", "unchecked"})
    private static void describe(Schema model, Map<String, Boolean> fields) {
        if (model.getTypes() == null) {
            model.addType("object");
        }
        Map<String, Schema> properties = model.getProperties();
        List<String> required = new ArrayList<>();
        fields.forEach((name, nullable) -> {
            Schema property = properties.get(name);
            if (property == null) {
                return;
            }
            required.add(name);
            if (nullable) {
                properties.put(name, orNull(property));
            }
        });
        model.setRequired(required);
    }

    /** The property's schema, widened to allow null (idempotent: converters may see a model twice). */
    @SuppressWarnings({"rawtypes", "unchecked"})
    private static Schema orNull(Schema property) {
        if (property.get$ref() != null) {
            return new Schema().anyOf(List.of(property, new Schema().typesItem("null")));
        }
        if (property.getTypes() == null || property.getTypes().contains("null")) {
            return property;
        }
        property.addType("null");
        if (property.getEnum() != null) {
            property.addEnumItemObject(null);
        }
        return property;
    }
}
