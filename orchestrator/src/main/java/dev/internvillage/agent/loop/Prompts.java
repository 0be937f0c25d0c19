package dev.internvillage.agent.loop;

import dev.internvillage.project.Project;
import dev.internvillage.task.FollowUpReason;
import dev.internvillage.task.FollowUpState;
import dev.internvillage.task.Subtask;
import dev.internvillage.task.Task;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;

/**
 * Renders the planner and worker prompts from the templates shipped in the jar ({@code
 * prompts/*.md}), filling {@code {{name}}} placeholders. After a failed attempt the next prompt
 * carries a section saying what went wrong.
 */
@Component
class Prompts {

    private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{([a-z_]+)}}");

    private final String planner = load("prompts/planner.md");
    private final String worker = load("prompts/worker.md");

    String planner(Project project, Task task, @Nullable String previousFailure) {
        return render(
                planner,
                Map.of(
                        "task_title", task.title(),
                        "task_description", task.description(),
                        "repo_url", project.repoUrl(),
                        "default_branch", project.defaultBranch(),
                        "previous_failure", failureSection(previousFailure)));
    }

    String worker(
            Project project,
            Task task,
            Subtask subtask,
            List<Subtask> dependencies,
            String branch,
            @Nullable String previousFailure,
            FollowUpState followUp) {
        String deps = dependencies.isEmpty()
                ? "nothing (this subtask depends on no other)"
                : dependencies.stream()
                        .map(d -> d.key() + " (" + d.title() + ")")
                        .collect(Collectors.joining(", "));
        return render(
                worker,
                Map.ofEntries(
                        Map.entry("subtask_key", subtask.key()),
                        Map.entry("subtask_title", subtask.title()),
                        Map.entry("subtask_spec", subtask.spec()),
                        Map.entry(
                                "implementation_plan",
                                subtask.implementationPlan().isBlank() ? "(none given)" : subtask.implementationPlan()),
                        Map.entry("task_title", task.title()),
                        Map.entry("task_spec", task.spec() == null ? "(none)" : task.spec()),
                        Map.entry("dependencies", deps),
                        Map.entry("repo_url", project.repoUrl()),
                        Map.entry("branch", branch),
                        Map.entry("default_branch", project.defaultBranch()),
                        Map.entry("follow_up", followUpSection(followUp))),
                failureSection(previousFailure));
    }

    /**
     * Why the worker runs again on work it did before, with the details (review comments, the
     * check's output, conflicting files). The headings are stable: agents (the demo agent among them)
     * may look for them.
     */
    static String followUpSection(FollowUpState followUp) {
        FollowUpReason reason = followUp.reason();
        String details = followUp.details() == null ? "" : followUp.details().strip();
        if (reason == null || (reason == FollowUpReason.RETRY && details.isEmpty())) {
            return "";
        }
        String intro = switch (reason) {
            case CHANGES_REQUESTED ->
                "## Follow-up: changes requested\n"
                        + "Your earlier work on this branch was reviewed. Apply the review below, commit on"
                        + " this branch (the pull request follows it) and finish as before.\n";
            case CHECKS_FAILED ->
                "## Follow-up: checks failed\n"
                        + "The project's checks failed on your earlier work on this branch. Fix what they"
                        + " report, commit and finish as before; the checks run again when you exit.\n";
            case CONFLICT ->
                "## Follow-up: conflict\n"
                        + "Your branch conflicts with the default branch. Bring the default branch in,"
                        + " resolve the conflicts keeping the intent of both sides, commit and finish as"
                        + " before.\n";
            case RETRY ->
                "## Follow-up: retry\n"
                        + "You are running again on your earlier work on this branch; what was asked of it"
                        + " before still applies.\n";
        };
        return "\n" + intro + (details.isEmpty() ? "" : "\n" + details + "\n");
    }

    private static String render(String template, Map<String, String> values) {
        return render(template, values, values.getOrDefault("previous_failure", ""));
    }

    private static String render(String template, Map<String, String> values, String failure) {
        Matcher matcher = PLACEHOLDER.matcher(template);
        StringBuilder out = new StringBuilder(template.length() + 1024);
        while (matcher.find()) {
            String name = matcher.group(1);
            String value = name.equals("previous_failure") ? failure : values.get(name);
            if (value == null) {
                throw new IllegalStateException("prompt template has an unknown placeholder: " + name);
            }
            matcher.appendReplacement(out, Matcher.quoteReplacement(value));
        }
        matcher.appendTail(out);
        return out.toString();
    }

    private static String failureSection(@Nullable String previousFailure) {
        if (previousFailure == null || previousFailure.isBlank()) {
            return "";
        }
        return "\n## The previous attempt failed\n" + previousFailure.strip()
                + "\n\nFix this in this attempt; everything else above still applies.\n";
    }

    private static String load(String resource) {
        try (InputStream in = Prompts.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("prompt template missing from the app: " + resource);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
