package dev.internvillage.events.log;

import dev.internvillage.events.hub.EventHub;

/** Breaks the layout on purpose: the event log reaching for a reader (see ArchitectureTests). */
@SuppressWarnings("unused")
public final class LayoutViolation {

    private EventHub reader;
}
