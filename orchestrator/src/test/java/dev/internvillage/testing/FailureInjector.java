package dev.internvillage.testing;

import dev.internvillage.task.SubtaskStatusChanged;
import dev.internvillage.task.TaskId;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.boot.test.context.TestComponent;
import org.springframework.context.event.EventListener;

/**
 * Makes a change fail half-way on purpose: armed for a task, it throws when the first subtask of that
 * task changes status, inside the changing transaction, to prove the transaction rolls back whole.
 */
@TestComponent
public class FailureInjector {

    private final Set<TaskId> armed = ConcurrentHashMap.newKeySet();

    public void failNextSubtaskChange(TaskId task) {
        armed.add(task);
    }

    @EventListener
    void on(SubtaskStatusChanged event) {
        if (armed.remove(event.taskId())) {
            throw new IllegalStateException("injected failure for task " + event.taskId());
        }
    }
}
