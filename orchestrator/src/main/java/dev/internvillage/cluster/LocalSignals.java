package dev.internvillage.cluster;

import dev.internvillage.common.AfterCommit;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/** Signals of an instance that is alone with its database: delivered in this process after commit. */
final class LocalSignals implements ClusterSignals {

    private final Map<String, List<Consumer<String>>> handlers = new ConcurrentHashMap<>();

    @Override
    public void send(String channel, String payload) {
        AfterCommit.run("signal " + channel, () -> deliver(channel, payload));
    }

    private void deliver(String channel, String payload) {
        for (Consumer<String> handler : handlers.getOrDefault(channel, List.of())) {
            handler.accept(payload);
        }
    }

    @Override
    public void listen(String channel, Consumer<String> handler) {
        handlers.computeIfAbsent(channel, c -> new CopyOnWriteArrayList<>()).add(handler);
    }

    @Override
    public void onGap(Runnable handler) {
        // nothing is ever lost in one process
    }

    @Override
    public boolean shared() {
        return false;
    }
}
