/**
 * The autopilot of a task: starts its ready subtasks, merges their finished, checked and
 * conflict-free work in dependency order, and sends conflicting branches back to their workers, so a
 * task reaches DONE without a click.
 */
@NullMarked
package dev.internvillage.autopilot;

import org.jspecify.annotations.NullMarked;
