package dev.internvillage.events.sse;

import dev.internvillage.agent.RunService;
import dev.internvillage.auth.CurrentUser;
import dev.internvillage.auth.UserId;
import dev.internvillage.common.DomainException;
import dev.internvillage.events.EventPayloads;
import dev.internvillage.events.log.EventLog;
import dev.internvillage.events.log.EventScope;
import dev.internvillage.project.ProjectId;
import dev.internvillage.project.ProjectService;
import java.util.List;
import java.util.Optional;
import org.springframework.stereotype.Component;

/**
 * What every new stream asks the database (its project's owner, its log's head, the active runs),
 * each read once for all the streams of a key that ask at the same time ({@link FreshReads}): a
 * reconnect storm does not become a storm of the same queries, and no answer is older than its
 * question.
 */
@Component
class ConnectReads {

    private final FreshReads<ProjectId, Optional<UserId>> owners;
    private final FreshReads<EventScope, Long> heads;
    private final FreshReads<EventScope, List<EventPayloads.ActiveRun>> activeRuns;

    ConnectReads(ProjectService projects, EventLog eventLog, RunService runs) {
        this.owners = new FreshReads<>(project -> Optional.ofNullable(projects.ownerOf(project)));
        this.heads = new FreshReads<>(eventLog::head);
        this.activeRuns = new FreshReads<>(scope -> (switch (scope) {
                    case EventScope.Project project -> runs.activeRuns(project.id());
                    case EventScope.User user -> runs.activeRuns(user.id());
                })
                .stream().map(EventPayloads.ActiveRun::of).toList());
    }

    /**
     * Checks that the project exists and is the user's, answering another's like a missing one.
     *
     * @throws DomainException NOT_FOUND
     */
    void checkOwner(CurrentUser user, ProjectId project) {
        if (!owners.get(project).map(user.id()::equals).orElse(false)) {
            throw DomainException.notFound("project");
        }
    }

    /** The log's head, read after this call began (a stream reads it after joining the hub). */
    long head(EventScope scope) {
        return heads.get(scope);
    }

    /** The scope's queued and running runs, read after this call began. */
    List<EventPayloads.ActiveRun> activeRuns(EventScope scope) {
        return activeRuns.get(scope);
    }
}
