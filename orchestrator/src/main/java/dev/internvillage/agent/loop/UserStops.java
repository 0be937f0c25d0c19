package dev.internvillage.agent.loop;

import dev.internvillage.agent.AgentRun;
import dev.internvillage.agent.RunStopper;
import org.springframework.stereotype.Component;

/** The owner's stop button, through the same cancellation that deletion and shutdown use. */
@Component
class UserStops implements RunStopper {

    private final AgentLoops loops;

    UserStops(AgentLoops loops) {
        this.loops = loops;
    }

    @Override
    public void stop(AgentRun run) {
        loops.stop(run);
    }
}
