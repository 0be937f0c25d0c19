package dev.internvillage.events.hub;

import dev.internvillage.events.sse.StreamSocket;
import dev.internvillage.events.tail.LogTails;
import org.apache.tomcat.util.net.SocketEvent;

/** Breaks the layout on purpose: the hub reaching for a tail, the transport and Tomcat (see ArchitectureTests). */
@SuppressWarnings("unused")
public final class LayoutViolation {

    private LogTails tails;
    private StreamSocket socket;
    private SocketEvent event;
}
