package dev.internvillage.runlog;

import org.jspecify.annotations.Nullable;

/** One line of a run's log, numbered from 1, with its {@code HH:MM:SS} stamp if it has one. */
public record LogLine(int lineNumber, String line, @Nullable String timestamp) {}
