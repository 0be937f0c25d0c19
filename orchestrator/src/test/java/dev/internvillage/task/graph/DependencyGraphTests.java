package dev.internvillage.task.graph;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class DependencyGraphTests {

    /** Keeps the given order, which the graph promises to follow. */
    private static DependencyGraph<String> graph(Object... keyAndDeps) {
        Map<String, List<String>> map = new LinkedHashMap<>();
        for (int i = 0; i < keyAndDeps.length; i += 2) {
            @SuppressWarnings("unchecked")
            List<String> deps = (List<String>) keyAndDeps[i + 1];
            map.put((String) keyAndDeps[i], deps);
        }
        return DependencyGraph.of(map);
    }

    private static DependencyGraph<String> diamond() {
        return graph("a", List.of(), "b", List.of("a"), "c", List.of("a"), "d", List.of("b", "c"));
    }

    @Test
    void aChainHasNoCycleAndRunsInOrder() {
        DependencyGraph<String> chain = graph("c", List.of("b"), "b", List.of("a"), "a", List.of());

        assertThat(chain.findCycle()).isEmpty();
        assertThat(chain.topologicalOrder()).containsExactly("a", "b", "c");
    }

    @Test
    void aDiamondRunsItsRootFirstAndItsJoinLast() {
        assertThat(diamond().findCycle()).isEmpty();
        assertThat(diamond().topologicalOrder()).containsExactly("a", "b", "c", "d");
    }

    @Test
    void independentNodesKeepTheGivenOrder() {
        DependencyGraph<String> parallel = graph("x", List.of(), "a", List.of(), "m", List.of());

        assertThat(parallel.topologicalOrder()).containsExactly("x", "a", "m");
    }

    @Test
    void reportsTheCycleAsAClosedPath() {
        DependencyGraph<String> cyclic =
                graph("a", List.of(), "b", List.of("a", "d"), "c", List.of("b"), "d", List.of("c"));

        assertThat(cyclic.findCycle()).contains(List.of("b", "d", "c", "b"));
        assertThatThrownBy(cyclic::topologicalOrder)
                .isInstanceOf(CycleException.class)
                .hasMessage("dependency cycle: b -> d -> c -> b");
    }

    @Test
    void aNodeDependingOnItselfIsACycle() {
        assertThat(graph("a", List.of("a")).findCycle()).contains(List.of("a", "a"));
    }

    @Test
    void aTwoNodeCycleIsFound() {
        assertThat(graph("a", List.of("b"), "b", List.of("a")).findCycle()).contains(List.of("a", "b", "a"));
    }

    @Test
    void aLongChainDoesNotOverflowTheStack() {
        Map<Integer, List<Integer>> chain = new LinkedHashMap<>();
        chain.put(0, List.of());
        for (int i = 1; i < 100_000; i++) {
            chain.put(i, List.of(i - 1));
        }
        chain.put(0, List.of(99_999));

        assertThat(DependencyGraph.of(chain).findCycle())
                .hasValueSatisfying(c -> assertThat(c).hasSize(100_001));
    }

    @Test
    void unknownDependenciesAreRefused() {
        assertThatThrownBy(() -> graph("a", List.of("zz")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("a depends on unknown zz");
    }

    @Test
    void mergingOneBranchOfADiamondDoesNotUnblockTheJoin() {
        DependencyGraph<String> graph = diamond();

        assertThat(graph.readyAfterMerge("a", Set.of())).containsExactly("b", "c");
        assertThat(graph.readyAfterMerge("b", Set.of("a"))).isEmpty();
        assertThat(graph.readyAfterMerge("c", Set.of("a", "b"))).containsExactly("d");
    }

    @Test
    void readinessNeedsEveryDependencyMerged() {
        DependencyGraph<String> graph = diamond();

        assertThat(graph.isReady("a", Set.of())).isTrue();
        assertThat(graph.isReady("d", Set.of("a", "b"))).isFalse();
        assertThat(graph.isReady("d", Set.of("b", "c"))).isTrue();
    }

    @Test
    void alreadyMergedDependentsAreNotReportedAgain() {
        DependencyGraph<String> graph = graph("a", List.of(), "b", List.of("a"));

        assertThat(graph.readyAfterMerge("a", Set.of("b"))).isEmpty();
    }

    @Test
    void exposesEdgesBothWays() {
        DependencyGraph<String> graph = diamond();

        assertThat(graph.dependenciesOf("d")).containsExactly("b", "c");
        assertThat(graph.dependentsOf("a")).containsExactly("b", "c");
        assertThat(graph.nodes()).containsExactly("a", "b", "c", "d");
    }
}
