package dev.internvillage.task.graph;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.PriorityQueue;
import java.util.Set;

/**
 * The "depends on" graph of a task's subtasks. Plain Java with no framework, so the rules are easy to
 * test: where the cycles are, in what order work can run, and which subtasks become ready when one
 * is merged. Iteration follows the order nodes were given in, so results are deterministic.
 *
 * @param <K> node identifier, e.g. a plan key or a subtask id
 */
public final class DependencyGraph<K> {

    private final Map<K, Set<K>> dependencies;
    private final Map<K, Set<K>> dependents;

    private DependencyGraph(Map<K, Set<K>> dependencies, Map<K, Set<K>> dependents) {
        this.dependencies = dependencies;
        this.dependents = dependents;
    }

    /**
     * Builds the graph from each node's dependencies.
     *
     * @throws IllegalArgumentException if a dependency names a node that is not in the map
     */
    public static <K> DependencyGraph<K> of(Map<K, ? extends Collection<K>> dependsOn) {
        Map<K, Set<K>> dependencies = new LinkedHashMap<>();
        Map<K, Set<K>> dependents = new LinkedHashMap<>();
        dependsOn.keySet().forEach(node -> {
            dependencies.put(node, new LinkedHashSet<>());
            dependents.put(node, new LinkedHashSet<>());
        });
        dependsOn.forEach((node, deps) -> {
            for (K dep : deps) {
                if (!dependencies.containsKey(dep)) {
                    throw new IllegalArgumentException(node + " depends on unknown " + dep);
                }
                dependencies.get(node).add(dep);
                dependents.get(dep).add(node);
            }
        });
        return new DependencyGraph<>(dependencies, dependents);
    }

    public Set<K> nodes() {
        return Collections.unmodifiableSet(dependencies.keySet());
    }

    public Set<K> dependenciesOf(K node) {
        return Collections.unmodifiableSet(require(node, dependencies));
    }

    public Set<K> dependentsOf(K node) {
        return Collections.unmodifiableSet(require(node, dependents));
    }

    /**
     * A cycle, if there is one, as the path that closes it: {@code [a, b, c, a]} means a depends on b,
     * b on c and c on a. A node that depends on itself gives {@code [a, a]}.
     */
    public Optional<List<K>> findCycle() {
        Map<K, Mark> marks = new HashMap<>();
        for (K start : dependencies.keySet()) {
            if (marks.containsKey(start)) {
                continue;
            }
            // iterative depth-first search, so a long chain cannot overflow the stack
            Deque<K> path = new ArrayDeque<>();
            Deque<Iterator<K>> pending = new ArrayDeque<>();
            path.push(start);
            pending.push(dependencies.get(start).iterator());
            marks.put(start, Mark.ON_PATH);
            while (!path.isEmpty()) {
                Iterator<K> next = pending.peek();
                if (!next.hasNext()) {
                    marks.put(path.pop(), Mark.DONE);
                    pending.pop();
                    continue;
                }
                K dep = next.next();
                Mark mark = marks.get(dep);
                if (mark == Mark.ON_PATH) {
                    return Optional.of(cycleEndingAt(path, dep));
                }
                if (mark == null) {
                    marks.put(dep, Mark.ON_PATH);
                    path.push(dep);
                    pending.push(dependencies.get(dep).iterator());
                }
            }
        }
        return Optional.empty();
    }

    private static <K> List<K> cycleEndingAt(Deque<K> path, K repeated) {
        List<K> cycle = new ArrayList<>();
        Iterator<K> fromOldest = path.descendingIterator();
        boolean inCycle = false;
        while (fromOldest.hasNext()) {
            K node = fromOldest.next();
            inCycle |= node.equals(repeated);
            if (inCycle) {
                cycle.add(node);
            }
        }
        cycle.add(repeated);
        return List.copyOf(cycle);
    }

    /**
     * Every node after all of its dependencies; among nodes free to go, the earlier-given first.
     *
     * @throws CycleException if there is a cycle, naming it
     */
    public List<K> topologicalOrder() {
        Map<K, Integer> givenIndex = new HashMap<>();
        Map<K, Integer> waitingFor = new HashMap<>();
        dependencies.forEach((node, deps) -> {
            givenIndex.put(node, givenIndex.size());
            waitingFor.put(node, deps.size());
        });
        PriorityQueue<K> free = new PriorityQueue<>(Comparator.comparing(givenIndex::get));
        dependencies.keySet().stream().filter(n -> waitingFor.get(n) == 0).forEach(free::add);
        List<K> order = new ArrayList<>(dependencies.size());
        while (!free.isEmpty()) {
            K node = free.poll();
            order.add(node);
            for (K dependent : dependents.get(node)) {
                if (waitingFor.merge(dependent, -1, Integer::sum) == 0) {
                    free.add(dependent);
                }
            }
        }
        if (order.size() < dependencies.size()) {
            throw new CycleException(findCycle().orElseThrow());
        }
        return List.copyOf(order);
    }

    /** Whether every dependency of {@code node} is in {@code merged}. */
    public boolean isReady(K node, Set<K> merged) {
        return merged.containsAll(require(node, dependencies));
    }

    /**
     * The dependents of {@code merged} that become ready now that it is merged: those whose
     * dependencies are all in {@code mergedBefore} plus {@code merged}. A dependent still waiting for
     * any other dependency is not included.
     */
    public Set<K> readyAfterMerge(K merged, Set<K> mergedBefore) {
        Set<K> nowMerged = new LinkedHashSet<>(mergedBefore);
        nowMerged.add(merged);
        Set<K> ready = new LinkedHashSet<>();
        for (K dependent : require(merged, dependents)) {
            if (!nowMerged.contains(dependent) && isReady(dependent, nowMerged)) {
                ready.add(dependent);
            }
        }
        return Collections.unmodifiableSet(ready);
    }

    private Set<K> require(K node, Map<K, Set<K>> edges) {
        Set<K> set = edges.get(node);
        if (set == null) {
            throw new IllegalArgumentException("unknown node " + node);
        }
        return set;
    }

    private enum Mark {
        ON_PATH,
        DONE
    }
}
