package dev.internvillage.agent.loop;

import dev.internvillage.project.Project;
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
            @Nullable String previousFailure) {
        String deps = dependencies.isEmpty()
                ? "nothing (this subtask depends on no other)"
                : dependencies.stream()
                        .map(d -> d.key() + " (" + d.title() + ")")
                        .collect(Collectors.joining(", "));
        return render(
                worker,
                Map.of(
                        "subtask_key", subtask.key(),
                        "subtask_title", subtask.title(),
                        "subtask_spec", subtask.spec(),
                        "implementation_plan",
                                subtask.implementationPlan().isBlank() ? "(none given)" : subtask.implementationPlan(),
                        "task_title", task.title(),
                        "task_spec", task.spec() == null ? "(none)" : task.spec(),
                        "dependencies", deps,
                        "repo_url", project.repoUrl(),
                        "branch", branch,
                        "default_branch", project.defaultBranch()),
                failureSection(previousFailure));
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
