package dev.internvillage.agent.demo;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A simulated coding agent, run as its own process by the {@code demo} runtime. It reads its prompt
 * from stdin and the docs/agents.md environment, streams progress lines, and then does real work: the
 * planner writes a plan derived from the task's title and description; the worker writes a file
 * in its worktree, commits it and writes its result file. On a follow-up it plays its part: review
 * feedback in its prompt is written into {@code REVIEW_NOTES.md}; after failed checks it creates
 * {@code CHECKS_OK} (what the sample repository's {@code check.sh} looks for); asked to resolve a
 * conflict, it keeps both sides' lines and finishes the merge. Every worker also adds a line to
 * {@code CHANGES.md}, as real agents keep a changelog: two subtasks worked side by side therefore
 * conflict there, which shows the conflict loop in the demo.
 *
 * <p>Deliberately one class using only the JDK, so the app can copy it out of its own jar and run
 * it with the same {@code java}. Settings: {@code IV_DEMO_LINE_DELAY_MS} (pause between lines) and
 * {@code IV_DEMO_FAILURE_PERCENT} (chance that an attempt fails, to exercise retries; {@code
 * IV_DEMO_WORKER_FAILURE_PERCENT} for the worker alone).
 */
public final class DemoAgent {

    private static final Pattern TITLE = Pattern.compile("(?m)^# Task: (.+)$");
    private static final Pattern DESCRIPTION =
            Pattern.compile("(?s)<task-description>\\s*(.*?)\\s*</task-description>");
    private static final Pattern SUBTASK = Pattern.compile("(?m)^# Subtask (\\S+): (.+)$");
    private static final Pattern SPEC = Pattern.compile("(?s)<subtask-spec>\\s*(.*?)\\s*</subtask-spec>");
    private static final Pattern REVIEW =
            Pattern.compile("(?s)## Follow-up: changes requested\\R.*?\\R\\R(.*?)(?=\\R## |\\z)");
    private static final String CHECKS_FAILED = "## Follow-up: checks failed";
    private static final String CONFLICT = "## Follow-up: conflict";

    private final long delayMillis;
    private final Random random = new Random();
    private long tokens;

    private DemoAgent(long delayMillis) {
        this.delayMillis = delayMillis;
    }

    public static void main(String[] args) throws Exception {
        String prompt = new String(System.in.readAllBytes(), StandardCharsets.UTF_8);
        DemoAgent agent = new DemoAgent(longEnv("IV_DEMO_LINE_DELAY_MS", 120));
        int failurePercent = (int) longEnv("IV_DEMO_FAILURE_PERCENT", 0);
        String role = System.getenv().getOrDefault("IV_ROLE", "");
        int exit = switch (role) {
            case "planner" -> agent.plan(prompt, failurePercent);
            case "worker" -> agent.work(prompt, (int) longEnv("IV_DEMO_WORKER_FAILURE_PERCENT", failurePercent));
            default -> {
                System.err.println("IV_ROLE must be planner or worker, not '" + role + "'");
                yield 2;
            }
        };
        System.out.flush();
        System.exit(exit);
    }

    private int plan(String prompt, int failurePercent) throws Exception {
        String title = find(TITLE, prompt, "the task");
        String description = find(DESCRIPTION, prompt, title);
        say("Reading the task: " + title);
        say("Exploring the repository layout");
        List<Path> files = listFiles(Path.of(System.getenv().getOrDefault("IV_WORKDIR", ".")));
        for (int i = 0; i < Math.min(files.size(), 4); i++) {
            say("  looked at " + files.get(i));
        }
        say("Found " + files.size() + " tracked files");
        if (fails(failurePercent)) {
            System.err.println("demo agent: simulated failure while planning (AGENT_DEMO_FAILURE_PERCENT)");
            return 1;
        }
        List<String> items = workItems(description, title);
        say("Breaking the task into " + (items.size() + 2) + " subtasks");
        StringBuilder plan = new StringBuilder();
        plan.append("{\"spec\":")
                .append(json("Deliver \"" + title + "\": " + firstSentence(description)))
                .append(",\"subtasks\":[");
        plan.append(subtask(
                "s1",
                "Prepare the ground for " + shorten(title, 60),
                "Read the code the task touches and add the scaffolding the other subtasks build on.",
                "1. Find where " + shorten(title, 60) + " fits.\n2. Add the shared types and stubs.",
                List.of()));
        List<String> implementKeys = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            String key = "s" + (i + 2);
            implementKeys.add(key);
            plan.append(',')
                    .append(subtask(
                            key,
                            capitalize(shorten(items.get(i), 120)),
                            "Implement: " + items.get(i),
                            "1. Write the change.\n2. Cover it with a test.\n3. Commit.",
                            List.of("s1")));
            say("  " + key + ": " + shorten(items.get(i), 70) + " (after s1)");
        }
        String last = "s" + (items.size() + 2);
        plan.append(',')
                .append(subtask(
                        last,
                        "Wire it together and document " + shorten(title, 60),
                        "Connect the parts, check the whole flow end to end and update the docs.",
                        "1. Integrate.\n2. Run the whole suite.\n3. Update README.",
                        implementKeys));
        plan.append("]}");
        say("  " + last + ": integration and docs (after " + String.join(", ", implementKeys) + ")");
        Files.writeString(Path.of(requiredEnv("IV_PLAN_FILE")), plan.toString(), StandardCharsets.UTF_8);
        say("Wrote the plan");
        usage(prompt);
        return 0;
    }

    private int work(String prompt, int failurePercent) throws Exception {
        Path workdir = Path.of(requiredEnv("IV_WORKDIR"));
        Matcher subtask = SUBTASK.matcher(prompt);
        String key = subtask.find() ? subtask.group(1) : "work";
        String title = subtask.find(0) ? subtask.group(2) : "the subtask";
        String spec = find(SPEC, prompt, title);
        say("Working on " + key + ": " + title);
        say("Reading the spec (" + spec.length() + " characters)");
        say("Planning the change");
        say("\u001b[36mEditing\u001b[0m files in " + workdir.getFileName());
        if (fails(failurePercent)) {
            System.err.println("demo agent: simulated failure while working (AGENT_DEMO_FAILURE_PERCENT)");
            say("\u001b[31mError:\u001b[0m the change did not compile; giving up on this attempt");
            return 1;
        }
        if (prompt.contains(CONFLICT)) {
            return resolve(prompt, workdir);
        }
        followUp(prompt, workdir);
        Path file = workdir.resolve("docs").resolve("iv-" + key + "-" + slug(title) + ".md");
        Files.createDirectories(file.getParent());
        String body = "# " + title + "\n\n" + spec + "\n\nDone by the Intern Village demo agent.\n";
        boolean existed = Files.exists(file);
        Files.writeString(file, existed ? Files.readString(file) + "\nRevisited.\n" : body, StandardCharsets.UTF_8);
        say((existed ? "Updated " : "Created ") + workdir.relativize(file));
        Path changes = workdir.resolve("CHANGES.md");
        String entry = "- " + key + ": " + title + "\n";
        String changelog = Files.exists(changes) ? Files.readString(changes) : "# Changes\n\n";
        if (!changelog.contains(entry)) {
            Files.writeString(changes, changelog + entry, StandardCharsets.UTF_8);
            say("Added " + key + " to CHANGES.md");
        }
        say("Running the tests");
        say("\u001b[32m✓\u001b[0m 12 tests passed");
        git(workdir, "add", "-A");
        git(workdir, "commit", "-q", "-m", "[" + key + "] " + title);
        say("Committed: [" + key + "] " + title);
        String summary = (existed ? "Updated " : "Created ") + workdir.relativize(file) + " for " + key;
        Files.writeString(
                Path.of(requiredEnv("IV_RESULT_FILE")),
                "{\"status\":\"done\",\"summary\":" + json(summary) + "}",
                StandardCharsets.UTF_8);
        say("Wrote the result file");
        usage(prompt);
        return 0;
    }

    /**
     * Finishes the merge of the default branch that stopped at conflicts: in each conflicting file
     * both sides' lines are kept (the conflict markers go), then the merge is committed.
     */
    private int resolve(String prompt, Path workdir) throws IOException, InterruptedException {
        List<String> conflicted = gitLines(workdir, "diff", "--name-only", "--diff-filter=U");
        say("Resolving the conflict with the default branch in " + conflicted.size() + " file(s)");
        for (String name : conflicted) {
            Path file = workdir.resolve(name);
            if (!Files.exists(file)) {
                continue;
            }
            List<String> kept = Files.readAllLines(file, StandardCharsets.UTF_8).stream()
                    .filter(line ->
                            !line.startsWith("<<<<<<< ") && !line.equals("=======") && !line.startsWith(">>>>>>> "))
                    .toList();
            Files.writeString(file, String.join("\n", kept) + "\n", StandardCharsets.UTF_8);
            say("  " + name + ": kept the lines of both sides");
        }
        if (!gitLines(workdir, "rev-parse", "--verify", "--quiet", "MERGE_HEAD").isEmpty()) {
            git(workdir, "add", "-A");
            git(workdir, "commit", "-q", "--no-edit");
            say("Committed the merge");
        } else {
            say("Nothing left to merge: the default branch merged cleanly");
        }
        Files.writeString(
                Path.of(requiredEnv("IV_RESULT_FILE")),
                "{\"status\":\"done\",\"summary\":"
                        + json("Resolved the conflict in " + conflicted.size() + " file(s), keeping both sides") + "}",
                StandardCharsets.UTF_8);
        usage(prompt);
        return 0;
    }

    /** Plays its part in a follow-up: applies review feedback, fixes what the checks reported. */
    private void followUp(String prompt, Path workdir) throws IOException, InterruptedException {
        Matcher review = REVIEW.matcher(prompt);
        if (review.find()) {
            String feedback = review.group(1).strip();
            Path notes = workdir.resolve("REVIEW_NOTES.md");
            String before = Files.exists(notes) ? Files.readString(notes) : "# Review notes\n";
            Files.writeString(notes, before + "\n" + feedback + "\n", StandardCharsets.UTF_8);
            say("Applied the review: wrote it into REVIEW_NOTES.md");
        }
        if (prompt.contains(CHECKS_FAILED)) {
            say("The checks failed last time; fixing that");
            Files.writeString(workdir.resolve("CHECKS_OK"), "fixed by the demo agent\n", StandardCharsets.UTF_8);
            say("Created CHECKS_OK");
        }
    }

    private void usage(String prompt) {
        tokens += prompt.length() / 4 + 600 + random.nextInt(400);
        System.out.println("Tokens used: " + tokens);
    }

    private void say(String line) throws InterruptedException {
        System.out.println(line);
        System.out.flush();
        tokens += line.length() / 3 + 20;
        if (delayMillis > 0) {
            Thread.sleep(delayMillis / 2 + random.nextLong(delayMillis + 1));
        }
    }

    private boolean fails(int percent) {
        return percent > 0 && random.nextInt(100) < percent;
    }

    /** The description's bullet points or sentences, as one to four work items. */
    private static List<String> workItems(String description, String title) {
        List<String> items = new ArrayList<>();
        for (String line : description.split("\\R")) {
            String stripped = line.strip();
            if (stripped.matches("^([-*•]|\\d+[.)])\\s+.+")) {
                items.add(stripped.replaceFirst("^([-*•]|\\d+[.)])\\s+", ""));
            }
        }
        if (items.isEmpty()) {
            for (String sentence : description.split("(?<=[.!?])\\s+")) {
                if (sentence.strip().length() > 3) {
                    items.add(sentence.strip().replaceAll("[.!?]+$", ""));
                }
            }
        }
        if (items.isEmpty()) {
            items.add(title);
        }
        if (items.size() == 1) {
            items.add("Tests for " + items.get(0));
        }
        return items.subList(0, Math.min(items.size(), 4));
    }

    private static String subtask(String key, String title, String spec, String plan, List<String> dependsOn) {
        StringBuilder deps = new StringBuilder("[");
        for (int i = 0; i < dependsOn.size(); i++) {
            deps.append(i == 0 ? "" : ",").append(json(dependsOn.get(i)));
        }
        deps.append(']');
        return "{\"key\":" + json(key) + ",\"title\":" + json(title) + ",\"spec\":" + json(spec)
                + ",\"implementation_plan\":" + json(plan) + ",\"depends_on\":" + deps + "}";
    }

    private static List<Path> listFiles(Path root) throws IOException {
        try (var stream = Files.walk(root, 3)) {
            return stream.filter(Files::isRegularFile)
                    .filter(p -> !root.relativize(p).startsWith(".git"))
                    .map(root::relativize)
                    .sorted()
                    .toList();
        }
    }

    private static void git(Path workdir, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("git"));
        command.addAll(List.of(args));
        ProcessBuilder builder =
                new ProcessBuilder(command).directory(workdir.toFile()).inheritIO();
        builder.environment().putIfAbsent("GIT_AUTHOR_NAME", "Intern Village demo agent");
        builder.environment().putIfAbsent("GIT_AUTHOR_EMAIL", "demo-agent@intern-village.invalid");
        builder.environment().putIfAbsent("GIT_COMMITTER_NAME", "Intern Village demo agent");
        builder.environment().putIfAbsent("GIT_COMMITTER_EMAIL", "demo-agent@intern-village.invalid");
        int exit = builder.start().waitFor();
        if (exit != 0) {
            throw new IOException("git " + args[0] + " failed with exit code " + exit);
        }
    }

    /** The lines git prints; none when it fails (e.g. a ref that does not exist). */
    private static List<String> gitLines(Path workdir, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("git"));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command)
                .directory(workdir.toFile())
                .redirectError(ProcessBuilder.Redirect.DISCARD)
                .start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        return process.waitFor() == 0
                ? out.lines().filter(line -> !line.isBlank()).toList()
                : List.of();
    }

    private static String find(Pattern pattern, String text, String fallback) {
        Matcher matcher = pattern.matcher(text);
        return matcher.find() ? matcher.group(1).strip() : fallback;
    }

    private static String firstSentence(String text) {
        String first = text.strip().split("(?<=[.!?])\\s+|\\R", 2)[0];
        return shorten(first, 300);
    }

    private static String shorten(String text, int max) {
        String oneLine = text.replaceAll("\\s+", " ").strip();
        return oneLine.length() <= max ? oneLine : oneLine.substring(0, max - 1).strip() + "…";
    }

    private static String capitalize(String text) {
        return text.isEmpty() ? text : Character.toUpperCase(text.charAt(0)) + text.substring(1);
    }

    private static String slug(String text) {
        String slug =
                text.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("(^-|-$)", "");
        return slug.isEmpty()
                ? "change"
                : slug.substring(0, Math.min(slug.length(), 40)).replaceAll("-$", "");
    }

    private static String json(String text) {
        StringBuilder out = new StringBuilder("\"");
        for (char c : text.toCharArray()) {
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.append('"').toString();
    }

    private static String requiredEnv(String name) {
        String value = System.getenv(name);
        if (value == null || value.isBlank()) {
            throw new IllegalStateException(name + " is not set");
        }
        return value;
    }

    private static long longEnv(String name, long defaultValue) {
        try {
            String value = System.getenv(name);
            return value == null ? defaultValue : Long.parseLong(value.strip());
        } catch (NumberFormatException e) {
            return defaultValue;
        }
    }
}
