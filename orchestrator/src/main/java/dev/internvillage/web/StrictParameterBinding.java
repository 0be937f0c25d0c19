package dev.internvillage.web;

import dev.internvillage.common.CanonicalUuid;
import java.beans.PropertyEditorSupport;
import java.util.UUID;
import java.util.function.Function;
import java.util.regex.Pattern;
import org.springframework.web.bind.WebDataBinder;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.InitBinder;

/**
 * Path variables and query parameters are converted exactly as written. Spring's own conversion trims
 * first and reads {@code 0x10} or {@code #10} as numbers, so {@code DELETE /api/projects/<id>%20}
 * would delete {@code <id>}. These editors refuse anything but the canonical spelling, which the
 * exception handler answers with a 400 naming the parameter. They are editors rather than converters
 * because a binder falls back to its default editors (which trim as well) when a converter fails.
 */
@ControllerAdvice
class StrictParameterBinding {

    private static final Pattern WHOLE_NUMBER = Pattern.compile("-?[0-9]+");

    @InitBinder
    void strictScalars(WebDataBinder binder) {
        binder.registerCustomEditor(UUID.class, new StrictEditor(CanonicalUuid::parse));
        binder.registerCustomEditor(Integer.class, new StrictEditor(text -> Integer.valueOf(wholeNumber(text))));
        binder.registerCustomEditor(Long.class, new StrictEditor(text -> Long.valueOf(wholeNumber(text))));
    }

    private static String wholeNumber(String text) {
        if (!WHOLE_NUMBER.matcher(text).matches()) {
            throw new IllegalArgumentException("not a whole number");
        }
        return text;
    }

    /** Converts text with {@code parse}, whose IllegalArgumentException the binder reports as a type mismatch. */
    private static final class StrictEditor extends PropertyEditorSupport {

        private final Function<String, Object> parse;

        StrictEditor(Function<String, Object> parse) {
            this.parse = parse;
        }

        @Override
        public void setAsText(String text) {
            setValue(parse.apply(text));
        }
    }
}
