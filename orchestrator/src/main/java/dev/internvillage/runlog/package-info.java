/**
 * A run's log file, the one owner of its format: the writer the agent executor appends through
 * ({@link dev.internvillage.runlog.RunLogWriter}), the signal that wakes followers after each write
 * ({@link dev.internvillage.runlog.LogWriteSignal}), the readers that page it over REST and follow it
 * on the event stream ({@link dev.internvillage.runlog.RunLogReader}, {@link
 * dev.internvillage.runlog.LogLineSplitter}, {@link dev.internvillage.runlog.LogIndexes}), and the
 * format they all share ({@link dev.internvillage.runlog.RunLogFormat}), and the copy in the database
 * that makes a log readable on every instance ({@link dev.internvillage.runlog.SharedLogs}). Depends on
 * no feature module but {@code cluster}:
 * {@code agent} writes through it and {@code events} follows through it, never the other way.
 */
@NullMarked
@ApplicationModule(allowedDependencies = {"common", "cluster"})
package dev.internvillage.runlog;

import org.jspecify.annotations.NullMarked;
import org.springframework.modulith.ApplicationModule;
