/**
 * Notifications for hosted teams: when {@code NOTIFY_WEBHOOK_URL} is set, a one-line Slack-compatible
 * message ({@code {"text": "..."}}) is posted there whenever an agent finishes or a task or subtask needs
 * the user. Delivery runs on a thread of its own and never holds up or fails the change that caused it.
 */
@NullMarked
package dev.internvillage.notify;

import org.jspecify.annotations.NullMarked;
