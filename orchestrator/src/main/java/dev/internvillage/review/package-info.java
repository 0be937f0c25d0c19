/**
 * Pull requests and review: the forge a project's work goes to (the {@code local} forge here, the
 * GitHub one later) and the diff of a subtask's branch for the app's own review view.
 */
@NullMarked
package dev.internvillage.review;

import org.jspecify.annotations.NullMarked;
