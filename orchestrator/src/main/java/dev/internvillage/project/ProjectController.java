package dev.internvillage.project;

import dev.internvillage.auth.CurrentUser;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;

@RestController
@RequestMapping("/api/projects")
class ProjectController {

    private final ProjectService projects;
    private final SampleRepositories samples;
    private final ProjectAgentSettings agentSettings;

    ProjectController(ProjectService projects, SampleRepositories samples, ProjectAgentSettings agentSettings) {
        this.projects = projects;
        this.samples = samples;
        this.agentSettings = agentSettings;
    }

    private ProjectResponse response(Project p, boolean wasForked) {
        ProjectAgentSettings.BudgetDefaults budgets = agentSettings.budgetDefaults(p.id());
        ProjectAgentSettings.Usage usage = agentSettings.usage(p.id());
        return ProjectResponse.of(p, wasForked, budgets, agentSettings.config(p.id()), usage);
    }

    @GetMapping
    List<ProjectResponse> list(CurrentUser user) {
        return projects.list(user).stream().map(p -> response(p, false)).toList();
    }

    @PostMapping
    @ResponseStatus(HttpStatus.CREATED)
    ProjectResponse create(CurrentUser user, @Valid @RequestBody CreateProjectRequest request) {
        // a new project is a fork exactly when it was forked for this request
        Project project = projects.create(user, request.repoUrl());
        return response(project, project.isFork());
    }

    /** A one-click sample (local mode): makes a small git repository under the data directory and adds it. */
    @PostMapping("/demo")
    @ResponseStatus(HttpStatus.CREATED)
    ProjectResponse createSample(CurrentUser user) {
        return response(samples.addSample(user), false);
    }

    @GetMapping("/{id}")
    ProjectResponse get(CurrentUser user, @PathVariable UUID id) {
        return response(projects.get(user, new ProjectId(id)), false);
    }

    /** Changes the project's settings; fields left out keep their values. */
    @PatchMapping("/{id}")
    ProjectResponse update(
            CurrentUser user,
            @PathVariable UUID id,
            @io.swagger.v3.oas.annotations.parameters.RequestBody(
                            content = @Content(schema = @Schema(implementation = SettingsRequest.class)))
                    @RequestBody
                    JsonNode body) {
        return response(projects.updateSettings(user, new ProjectId(id), ProjectSettings.parse(body)), false);
    }

    @DeleteMapping("/{id}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    void delete(
            CurrentUser user,
            @PathVariable UUID id,
            @Parameter(description = "Delete even when worktrees hold commits that were never pushed (they are lost)")
                    @RequestParam(name = "discard_unpushed", defaultValue = "false")
                    boolean discardUnpushed) {
        projects.delete(user, new ProjectId(id), discardUnpushed);
    }

    @PostMapping("/{id}/cleanup")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    void cleanup(CurrentUser user, @PathVariable UUID id) {
        projects.cleanup(user, new ProjectId(id));
    }

    /**
     * The settings {@code PATCH} accepts, each optional, for the API document; the body itself is
     * read by {@link ProjectSettings#parse}, which also refuses unknown fields.
     */
    @Schema(name = "ProjectSettingsRequest")
    static final class SettingsRequest {
        @Schema(requiredMode = Schema.RequiredMode.NOT_REQUIRED)
        public @Nullable MergeMethod mergeMethod;

        @Schema(
                requiredMode = Schema.RequiredMode.NOT_REQUIRED,
                maxLength = ProjectSettings.MAX_CHECK_COMMAND_LENGTH,
                description = "Run with sh -c in the worktree after a worker exits 0, under the agents' isolation;"
                        + " an empty string or null removes the check")
        public @Nullable String checkCommand;

        @Schema(
                requiredMode = Schema.RequiredMode.NOT_REQUIRED,
                minimum = "0",
                maximum = "" + ProjectSettings.MAX_FOLLOW_UPS_LIMIT,
                description = "How many automatic follow-ups a subtask gets before it waits for the user")
        public @Nullable Integer maxFollowUps;

        @Schema(
                requiredMode = Schema.RequiredMode.NOT_REQUIRED,
                description = "Whether new tasks of the project run on autopilot unless their create request says")
        public @Nullable Boolean autopilotDefault;

        @Schema(
                requiredMode = Schema.RequiredMode.NOT_REQUIRED,
                description = "Whether an autopilot merges only completed work someone approved")
        public @Nullable Boolean requireApproval;

        @Schema(
                requiredMode = Schema.RequiredMode.NOT_REQUIRED,
                description = "Whether new tasks of the project wait for their plan's approval before work starts,"
                        + " unless their create request says")
        public @Nullable Boolean planApprovalDefault;

        @Schema(
                requiredMode = Schema.RequiredMode.NOT_REQUIRED,
                description = "The budget in US dollars new tasks take unless their create request says; null: none")
        public java.math.@Nullable BigDecimal budgetUsdDefault;

        @Schema(
                requiredMode = Schema.RequiredMode.NOT_REQUIRED,
                description = "The budget in tokens new tasks take unless their create request says; null: none")
        public @Nullable Long budgetTokensDefault;

        @Schema(
                requiredMode = Schema.RequiredMode.NOT_REQUIRED,
                description = "Replaces the project's agent settings as a whole; null resets them to the server's")
        public @Nullable AgentSettingsRequest agentSettings;
    }

    /** {@code agent_settings} as a settings change gives it: secret values are written, never read back. */
    @Schema(name = "AgentSettingsRequest")
    static final class AgentSettingsRequest {
        @Schema(
                requiredMode = Schema.RequiredMode.NOT_REQUIRED,
                description =
                        "demo, claude-code, codex, gemini, opencode, command or acp; null: the server's AGENT_RUNTIME")
        public @Nullable String runtime;

        @Schema(requiredMode = Schema.RequiredMode.NOT_REQUIRED)
        public AgentConfig.@Nullable Role planner;

        @Schema(requiredMode = Schema.RequiredMode.NOT_REQUIRED)
        public AgentConfig.@Nullable Role worker;

        @Schema(
                requiredMode = Schema.RequiredMode.NOT_REQUIRED,
                description = "Variables for the agent: names of capital letters, digits and _, not IV_* or PATH")
        public java.util.@Nullable Map<String, String> env;

        @Schema(
                requiredMode = Schema.RequiredMode.NOT_REQUIRED,
                description =
                        "Secret variables: a value sets it, null keeps the stored one, a name left out removes it")
        public java.util.@Nullable Map<String, String> secretEnv;

        @Schema(
                requiredMode = Schema.RequiredMode.NOT_REQUIRED,
                maxLength = AgentConfigInput.MAX_SETUP_COMMAND_LENGTH,
                description = "Run with sh -c in each new worktree before the worker, in the agent's sandbox")
        public @Nullable String setupCommand;
    }

    record CreateProjectRequest(
            @NotBlank(message = "is required")
            @Size(max = RepoLocation.MAX_LENGTH, message = "must be at most {max} characters")
            String repoUrl) {}

    record ProjectResponse(
            UUID id,
            String name,
            @Nullable String githubOwner,
            @Nullable String githubRepo,
            String repoUrl,
            Forge forge,
            boolean isFork,
            @Nullable String upstreamOwner,
            @Nullable String upstreamRepo,
            String defaultBranch,
            Instant createdAt,
            Instant updatedAt,
            boolean wasForked,
            MergeMethod mergeMethod,
            @Nullable String checkCommand,
            int maxFollowUps,
            boolean autopilotDefault,
            boolean requireApproval,
            boolean planApprovalDefault,
            java.math.@Nullable BigDecimal budgetUsdDefault,
            @Nullable Long budgetTokensDefault,

            @Schema(description = "The agent settings; secret_env lists the secret variables' names, never values")
            AgentConfig agentSettings,

            @Schema(description = "What the project's agent runs have cost so far; null while no cost is known")
            java.math.@Nullable BigDecimal costUsd,

            @Schema(description = "The tokens the project's agent runs used so far")
            long tokenUsage) {

        static ProjectResponse of(
                Project p,
                boolean wasForked,
                ProjectAgentSettings.BudgetDefaults budgets,
                AgentConfig agentSettings,
                ProjectAgentSettings.Usage usage) {
            return new ProjectResponse(
                    p.id().value(),
                    p.name(),
                    p.githubOwner(),
                    p.githubRepo(),
                    p.repoUrl(),
                    p.forge(),
                    p.isFork(),
                    p.upstreamOwner(),
                    p.upstreamRepo(),
                    p.defaultBranch(),
                    p.createdAt(),
                    p.updatedAt(),
                    wasForked,
                    p.mergeMethod(),
                    p.checkCommand(),
                    p.maxFollowUps(),
                    p.autopilotDefault(),
                    p.requireApproval(),
                    p.planApprovalDefault(),
                    budgets.usd(),
                    budgets.tokens(),
                    agentSettings,
                    usage.costUsd(),
                    usage.tokens());
        }
    }
}
