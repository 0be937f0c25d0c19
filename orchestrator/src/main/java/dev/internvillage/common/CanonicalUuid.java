package dev.internvillage.common;

import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Reads an id only in the form the server writes it: 36 characters, hex digits in groups of 8-4-4-4-12
 * (either case). {@link UUID#fromString} alone also takes short groups ({@code 1-2-3-4-5}), and
 * Spring's converter trims first, so {@code <id>%20} or {@code %09<id>} would name the same resource as
 * {@code <id>}; one spelling per id keeps ids comparable as text and mistakes visible.
 */
public final class CanonicalUuid {

    private static final Pattern FORM =
            Pattern.compile("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");

    private CanonicalUuid() {}

    /**
     * The UUID {@code text} spells.
     *
     * @throws IllegalArgumentException if {@code text} is not exactly a UUID in the canonical form
     */
    public static UUID parse(String text) {
        if (!FORM.matcher(text).matches()) {
            throw new IllegalArgumentException("not a UUID in the 8-4-4-4-12 form");
        }
        return UUID.fromString(text);
    }
}
