package dev.internvillage.agent.loop;

import dev.internvillage.agent.AgentRun;
import dev.internvillage.agent.RunMessenger;
import org.springframework.stereotype.Component;

/** The owner's "Tell the agent…", to the process of the loop that runs the run. */
@Component
class UserMessages implements RunMessenger {

    private final AgentLoops loops;

    UserMessages(AgentLoops loops) {
        this.loops = loops;
    }

    @Override
    public boolean send(AgentRun run, String text) {
        return loops.send(run, text);
    }
}
