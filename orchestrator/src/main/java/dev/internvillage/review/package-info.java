/**
 * Pull requests and review: the forge a project's work goes to (the {@code local} forge or GitHub),
 * merges, the diff of a subtask's branch for the app's own review view, and what GitHub says about a
 * pull request (merged, closed, reviews, checks), read by a poll and prompted by GitHub's webhook.
 */
@NullMarked
package dev.internvillage.review;

import org.jspecify.annotations.NullMarked;
