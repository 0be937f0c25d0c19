/**
 * The real-time event stream (docs/events.md): a durable per-project event log appended in the
 * transaction of each change, a hub that fans committed events out to open streams in log order,
 * log tailers that turn run log files into {@code agent:log} events, and the SSE endpoint.
 */
@NullMarked
package dev.internvillage.events;

import org.jspecify.annotations.NullMarked;
