package dev.internvillage.review;

import dev.internvillage.auth.CurrentUser;
import dev.internvillage.common.DomainException;
import dev.internvillage.project.Project;
import dev.internvillage.project.ProjectService;
import dev.internvillage.task.FollowUpReason;
import dev.internvillage.task.MergeState;
import dev.internvillage.task.Subtask;
import dev.internvillage.task.SubtaskId;
import dev.internvillage.task.SubtaskService;
import dev.internvillage.task.TaskService;
import java.util.List;
import java.util.Optional;
import org.springframework.stereotype.Service;

/**
 * Sends a branch that conflicts with the default branch back to its worker: a {@code conflict}
 * follow-up whose prompt names the conflicting files and what each side did since they parted (the
 * default branch's commits and the branch's own), so the agent can keep the intent of both. The
 * worker loop merges the default branch into the worktree before the agent starts, leaving the
 * conflict markers for it to resolve.
 */
@Service
class ConflictFollowUps {

    /** Commits listed per side; a longer history is summed up by its count. */
    static final int MAX_COMMITS_PER_SIDE = 30;

    private final SubtaskService subtasks;
    private final TaskService tasks;
    private final ProjectService projects;
    private final MergeStates mergeStates;

    ConflictFollowUps(SubtaskService subtasks, TaskService tasks, ProjectService projects, MergeStates mergeStates) {
        this.subtasks = subtasks;
        this.tasks = tasks;
        this.projects = projects;
        this.mergeStates = mergeStates;
    }

    /** The user's Resolve; checked against the default branch as it is now, not the stored state. */
    Subtask resolve(CurrentUser user, SubtaskId id) {
        Subtask subtask = subtasks.get(user, id);
        Project project = projectOf(subtask);
        MergeStates.ConflictSides sides = mergeStates
                .conflictSides(project, subtask)
                .orElseThrow(() -> DomainException.conflict("subtask " + subtask.key() + " does not conflict with "
                        + project.defaultBranch() + " now; there is nothing to resolve"));
        return subtasks.resolveConflict(user, id, details(project, subtask, sides));
    }

    /**
     * For automation (an autopilot): starts a counted conflict follow-up when the COMPLETED subtask's
     * branch conflicts now.
     *
     * @return the subtask when a follow-up started or its follow-ups ran out; empty when nothing changed
     */
    Optional<Subtask> resolveAutomatically(SubtaskId id) {
        Subtask subtask = subtasks.get(id);
        if (subtask.mergeState() != MergeState.CONFLICTED) {
            return Optional.empty();
        }
        Project project = projectOf(subtask);
        return mergeStates
                .conflictSides(project, subtask)
                .flatMap(sides ->
                        subtasks.requestFollowUp(id, FollowUpReason.CONFLICT, details(project, subtask, sides)));
    }

    private Project projectOf(Subtask subtask) {
        return projects.get(tasks.get(subtask.taskId()).projectId());
    }

    /** The follow-up's details in the prompt; the headings are stable for agents that look for them. */
    static String details(Project project, Subtask subtask, MergeStates.ConflictSides sides) {
        String base = project.defaultBranch();
        StringBuilder text = new StringBuilder();
        text.append("`")
                .append(base)
                .append("` has been merged into your branch in the worktree; git stopped at ")
                .append(sides.files().size())
                .append(sides.files().size() == 1 ? " conflicting file" : " conflicting files")
                .append(". Resolve the conflict markers, `git add` the files and `git commit` to finish the merge")
                .append(" (do not rebase and do not abort it).\n\n### Conflicting files\n");
        sides.files().forEach(file -> text.append("- ").append(file).append('\n'));
        text.append("\n### What ").append(base).append(" did since your branch left it\n");
        commits(text, sides.defaultBranchCommits());
        text.append("\n### What your branch did (")
                .append(subtask.key())
                .append(": ")
                .append(subtask.title())
                .append(")\n");
        commits(text, sides.branchCommits());
        return text.toString();
    }

    private static void commits(StringBuilder text, List<String> commits) {
        if (commits.isEmpty()) {
            text.append("(no commits)\n");
            return;
        }
        commits.stream()
                .limit(MAX_COMMITS_PER_SIDE)
                .forEach(line -> text.append("- ").append(line).append('\n'));
        if (commits.size() > MAX_COMMITS_PER_SIDE) {
            text.append("- … and ")
                    .append(commits.size() - MAX_COMMITS_PER_SIDE)
                    .append(" more\n");
        }
    }
}
