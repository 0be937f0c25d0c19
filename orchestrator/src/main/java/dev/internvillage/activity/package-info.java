/**
 * What goes on across all of a user's projects: the agent runs working or queued now, and the
 * things that wait for the user (the needs-you inbox). Read-only views over the tasks and runs;
 * clients keep them live with the user-level event stream ({@code GET /api/events}).
 */
@NullMarked
package dev.internvillage.activity;

import org.jspecify.annotations.NullMarked;
