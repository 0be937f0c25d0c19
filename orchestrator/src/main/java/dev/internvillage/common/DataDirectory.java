package dev.internvillage.common;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The layout of {@code DATA_DIR}: the embedded database, project clones and worktrees, and agent
 * logs. One place decides where files go so no module builds paths of its own.
 */
public record DataDirectory(Path root) {

    public static final String VARIABLE = "DATA_DIR";

    public DataDirectory {
        try {
            Files.createDirectories(root);
        } catch (IOException e) {
            throw new InvalidSettingException(VARIABLE, "names a directory that cannot be created: " + e.getMessage());
        }
        if (!Files.isWritable(root)) {
            throw new InvalidSettingException(VARIABLE, "names a directory this process cannot write: " + root);
        }
    }

    public Path database() {
        return root.resolve("db");
    }

    /** Everything of one project: its clone and its worktrees. */
    public Path project(UUID projectId) {
        return root.resolve("projects").resolve(projectId.toString());
    }

    public Path clone(UUID projectId) {
        return project(projectId).resolve("repo");
    }

    public Path worktrees(UUID projectId) {
        return project(projectId).resolve("worktrees");
    }

    public Path logs() {
        return root.resolve("logs");
    }

    public Path samples() {
        return root.resolve("samples");
    }

    /** Resolves a path kept relative to the data directory (so the directory can be moved). */
    public Path resolve(String relative) {
        Path resolved = root.resolve(relative).normalize();
        if (!resolved.startsWith(root)) {
            throw new IllegalArgumentException("path escapes the data directory");
        }
        return resolved;
    }

    public String relativize(Path path) {
        return root.relativize(path.toAbsolutePath().normalize()).toString();
    }

    /** Characters that end a path quoted in a message (a ':' usually starts the reason after it). */
    private static final String PATH_ENDS = "\\s'\"`:;,()<>\\[\\]";

    /** What a path under the data directory is called in a message users see. */
    public static final String NEUTRAL_WORDING = "[data directory]";

    /**
     * {@code message} with every path under the data directory replaced by {@link #NEUTRAL_WORDING}:
     * messages of git, the file system or the process API end up in API errors and run records,
     * which must not name the server's files. The directory is looked for as configured and with
     * symlinks resolved, the longer spelling first so a shorter one never cuts it in half.
     */
    public String withoutPaths(String message) {
        List<String> spellings = new ArrayList<>(List.of(root.toAbsolutePath().toString()));
        try {
            String real = root.toRealPath().toString();
            if (!spellings.contains(real)) {
                spellings.add(real);
            }
        } catch (IOException e) {
            // the configured spelling is all there is
        }
        spellings.sort(Comparator.comparingInt(String::length).reversed());
        String scrubbed = message;
        for (String spelling : spellings) {
            // the directory itself or anything under it, up to where the message goes on
            scrubbed = Pattern.compile(Pattern.quote(spelling) + "(?![^/" + PATH_ENDS + "])[^" + PATH_ENDS + "]*")
                    .matcher(scrubbed)
                    .replaceAll(Matcher.quoteReplacement(NEUTRAL_WORDING));
        }
        return scrubbed;
    }

    public static void ensureDirectory(Path directory) {
        try {
            Files.createDirectories(directory);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
