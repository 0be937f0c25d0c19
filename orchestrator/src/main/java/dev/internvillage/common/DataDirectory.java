package dev.internvillage.common;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;

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

    public static void ensureDirectory(Path directory) {
        try {
            Files.createDirectories(directory);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
