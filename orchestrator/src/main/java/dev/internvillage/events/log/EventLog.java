package dev.internvillage.events.log;

import dev.internvillage.auth.UserId;
import dev.internvillage.project.ProjectId;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.stereotype.Component;

/**
 * Reading a project's or a user's event log: where it ends and what follows a position. The hub reads
 * it to fan committed events out in order, a reconnecting stream to replay what it missed.
 */
@Component
public class EventLog {

    private final EventLogRepository repository;

    EventLog(EventLogRepository repository) {
        this.repository = repository;
    }

    /** The last committed position of the project's log (0 before its first event). */
    public long head(ProjectId project) {
        return repository.head(project);
    }

    /** Up to {@code limit} events in {@code (after, upTo]}, in order. */
    public List<ProjectEvent> after(ProjectId project, long after, long upTo, int limit) {
        return repository.after(project, after, upTo, limit);
    }

    /** The last committed position of the scope's log (0 before its first event). */
    public long head(EventScope scope) {
        return switch (scope) {
            case EventScope.Project project -> repository.head(project.id());
            case EventScope.User user -> repository.headOfUser(user.id());
        };
    }

    /** Up to {@code limit} events of the scope's log in {@code (after, upTo]}, in order. */
    public List<ProjectEvent> after(EventScope scope, long after, long upTo, int limit) {
        return switch (scope) {
            case EventScope.Project project -> repository.after(project.id(), after, upTo, limit);
            case EventScope.User user -> repository.afterForUser(user.id(), after, upTo, limit);
        };
    }

    /**
     * The last committed positions of many logs in one query (a log without events yet: 0), for a
     * check that no committed event was missed.
     */
    public Map<EventScope, Long> heads(Collection<EventScope> scopes) {
        List<ProjectId> projects = new ArrayList<>();
        List<UserId> users = new ArrayList<>();
        for (EventScope scope : scopes) {
            switch (scope) {
                case EventScope.Project project -> projects.add(project.id());
                case EventScope.User user -> users.add(user.id());
            }
        }
        Map<EventScope, Long> heads = new HashMap<>(repository.heads(projects, users));
        scopes.forEach(scope -> heads.putIfAbsent(scope, 0L));
        return heads;
    }

    /** How many events the log holds for a project (what pruning left). */
    public long size(UUID project) {
        return repository.count(project);
    }
}
