package dev.internvillage.common;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import org.jspecify.annotations.Nullable;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/**
 * Reads configuration by the exact names of the README configuration table (environment variables, or the same names
 * as system or test properties) and checks each value, so a bad one stops start-up with a message
 * that names the variable.
 */
@Component
public class Settings {

    private final Environment environment;

    public Settings(Environment environment) {
        this.environment = environment;
    }

    public @Nullable String optional(String name) {
        String value = environment.getProperty(name);
        return value == null || value.isBlank() ? null : value.trim();
    }

    public String string(String name, String defaultValue) {
        String value = optional(name);
        return value == null ? defaultValue : value;
    }

    public int integer(String name, int defaultValue, int min, int max) {
        String value = optional(name);
        if (value == null) {
            return defaultValue;
        }
        try {
            int parsed = Integer.parseInt(value);
            if (parsed >= min && parsed <= max) {
                return parsed;
            }
        } catch (NumberFormatException e) {
            // reported below with the accepted range
        }
        throw new InvalidSettingException(
                name, "must be a whole number from " + min + " to " + max + ", but is '" + value + "'");
    }

    public <E extends Enum<E>> E choice(String name, Class<E> type, E defaultValue) {
        String value = optional(name);
        if (value == null) {
            return defaultValue;
        }
        String constant = value.toUpperCase(Locale.ROOT).replace('-', '_');
        for (E candidate : type.getEnumConstants()) {
            if (candidate.name().equals(constant)) {
                return candidate;
            }
        }
        String allowed = Arrays.stream(type.getEnumConstants())
                .map(e -> e.name().toLowerCase(Locale.ROOT).replace('_', '-'))
                .reduce((a, b) -> a + ", " + b)
                .orElse("");
        throw new InvalidSettingException(name, "must be one of " + allowed + ", but is '" + value + "'");
    }

    /**
     * The user's home directory as the shell sees it: {@code HOME} when set, else Java's {@code
     * user.home}, which the JVM takes from the account database and so ignores {@code HOME=/elsewhere}.
     */
    public Path home() {
        String home = optional("HOME");
        return Path.of(home != null ? home : System.getProperty("user.home"))
                .toAbsolutePath()
                .normalize();
    }

    public Path directory(String name, Path defaultValue) {
        String value = optional(name);
        if (value == null) {
            return defaultValue.toAbsolutePath().normalize();
        }
        String expanded = value.startsWith("~/") ? home() + value.substring(1) : value;
        Path path = Path.of(expanded);
        if (!path.isAbsolute()) {
            throw new InvalidSettingException(name, "must be an absolute path, but is '" + value + "'");
        }
        return path.normalize();
    }
}
