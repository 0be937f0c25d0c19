package dev.internvillage.project;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** Where a project's branches go and its pull requests live. */
public enum Forge {
    GITHUB,
    LOCAL;

    @JsonValue
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
