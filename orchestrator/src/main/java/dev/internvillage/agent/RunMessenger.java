package dev.internvillage.agent;

/** Hands a running agent a message from its owner; implemented where the agent loops live. */
public interface RunMessenger {

    /**
     * Gives the text to the run's agent, which logs it as {@code [you] …} and reads it.
     *
     * @return false when the run's agent takes no message now (it is not running, or its session is
     *     starting or ending)
     */
    boolean send(AgentRun run, String text);
}
