package dev.internvillage.agent.loop;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** When a follow-up continues the session of the attempt before it, and what its log says otherwise. */
class SessionChoiceTests {

    private static final Path STORE = Path.of("/home/dev/.codex");
    private final AgentCommands.Previous previous = new AgentCommands.Previous("codex", "thread-1", 2);

    @Test
    void unsandboxedTheSessionOfTheAttemptBeforeIsResumed() {
        AgentCommands.Session session = AgentCommands.session(previous, "codex", true, null, STORE);

        assertThat(session.resume()).isEqualTo("thread-1");
        assertThat(session.note()).isEqualTo("Resuming session thread-1 of attempt 2");
    }

    @Test
    void sandboxedOnlyWhenABindKeepsTheCliSessionDirectory() {
        assertThat(AgentCommands.session(previous, "codex", true, List.of(Path.of("/home/dev/.codex")), STORE)
                        .resume())
                .isEqualTo("thread-1");
        assertThat(AgentCommands.session(previous, "codex", true, List.of(Path.of("/home/dev")), STORE)
                        .resume())
                .isEqualTo("thread-1");

        AgentCommands.Session unbound =
                AgentCommands.session(previous, "codex", true, List.of(Path.of("/home/dev/.claude")), STORE);
        assertThat(unbound.resume()).isNull();
        assertThat(unbound.note()).startsWith("Fresh session: the sandbox keeps no codex sessions between runs");
    }

    @Test
    void aRuntimeThatCannotResumeNoSessionOrAnotherRuntimeStartFresh() {
        assertThat(AgentCommands.session(previous, "command", false, null, null).note())
                .isEqualTo("Fresh session: the command runtime cannot resume a session");
        assertThat(AgentCommands.session(new AgentCommands.Previous("codex", null, 1), "codex", true, null, STORE)
                        .note())
                .isEqualTo("Fresh session: attempt 1 reported no session");
        AgentCommands.Session switched =
                AgentCommands.session(new AgentCommands.Previous("claude-code", "s-1", 3), "codex", true, null, STORE);
        assertThat(switched.resume()).isNull();
        assertThat(switched.note()).isEqualTo("Fresh session: attempt 3 ran on another runtime (claude-code)");
    }
}
