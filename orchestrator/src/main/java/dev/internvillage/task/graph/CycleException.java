package dev.internvillage.task.graph;

import java.util.List;
import java.util.stream.Collectors;

/** The graph has a cycle, so there is no order in which its work can run. */
public final class CycleException extends RuntimeException {

    private final List<?> cycle;

    public CycleException(List<?> cycle) {
        super("dependency cycle: " + cycle.stream().map(String::valueOf).collect(Collectors.joining(" -> ")));
        this.cycle = List.copyOf(cycle);
    }

    public List<?> cycle() {
        return cycle;
    }
}
