package dev.internvillage.apidocs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.internvillage.events.EventPayloads;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** Every event the stream can send is in the document's list of events. */
class EventStreamDocsTests {

    @Test
    void everyEventNameIsDocumented() {
        String[] names = Arrays.stream(EventPayloads.class.getFields())
                .filter(field -> Modifier.isStatic(field.getModifiers()) && field.getType() == String.class)
                .map(EventStreamDocsTests::value)
                .toArray(String[]::new);

        assertThat(EventStreamDocs.EVENTS)
                .extracting(EventStreamDocs.EventType::name)
                .as("events named in EventPayloads, each to be described in EventStreamDocs.EVENTS")
                .containsExactlyInAnyOrder(names);
    }

    private static String value(Field field) {
        try {
            return (String) field.get(null);
        } catch (IllegalAccessException e) {
            throw new IllegalStateException(e);
        }
    }
}
