package dev.internvillage.events.tail;

import dev.internvillage.events.sse.StreamSocket;

/** Breaks the layout on purpose: a log tail writing to a socket itself (see ArchitectureTests). */
@SuppressWarnings("unused")
public final class LayoutViolation {

    private StreamSocket socket;
}
