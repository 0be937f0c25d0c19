package dev.internvillage.agent.process;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.function.Consumer;

/**
 * A renderer that talks with its agent instead of only reading it: for runtimes whose agent is a
 * protocol peer (ACP) rather than a program that reads a prompt and prints a stream. {@link
 * AgentProcess} hands it both ends of the process's pipes in place of writing the prompt and pumping
 * stdout lines through {@link #render}; everything else (stderr, timeout, kill, exit code) stays as
 * it is for every runtime.
 */
public interface SessionDriver extends OutputRenderer {

    /**
     * Runs the whole session: sends the prompt, turns what the agent says into log lines, and returns
     * once the agent's work is done (or its output ended). The process is ended after it returns.
     */
    void drive(String prompt, InputStream fromAgent, OutputStream toAgent, Consumer<String> log) throws IOException;

    /**
     * Asks the agent to stop its turn, before its process is killed; must not block for long.
     *
     * @return true when the agent was asked and may end by itself (its process gets the grace time)
     */
    boolean cancel();

    /**
     * Hands the running agent a message from the user ("Tell the agent…").
     *
     * @return false when the session no longer takes messages (it has ended or is ending)
     */
    boolean send(String text);

    /** Drivers render nothing line by line: {@link #drive} reads the agent's output itself. */
    @Override
    default void render(String line, Consumer<String> log) {
        log.accept(line);
    }
}
