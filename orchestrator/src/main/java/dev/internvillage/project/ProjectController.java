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

    ProjectController(ProjectService projects, SampleRepositories samples) {
        this.projects = projects;
        this.samples = samples;
    }

    @GetMapping
    List<ProjectResponse> list(CurrentUser user) {
        return projects.list(user).stream()
                .map(p -> ProjectResponse.of(p, false))
                .toList();
    }

    @PostMapping
    @ResponseStatus(HttpStatus.CREATED)
    ProjectResponse create(CurrentUser user, @Valid @RequestBody CreateProjectRequest request) {
        // a new project is a fork exactly when it was forked for this request
        Project project = projects.create(user, request.repoUrl());
        return ProjectResponse.of(project, project.isFork());
    }

    /** A one-click sample (local mode): makes a small git repository under the data directory and adds it. */
    @PostMapping("/demo")
    @ResponseStatus(HttpStatus.CREATED)
    ProjectResponse createSample(CurrentUser user) {
        return ProjectResponse.of(samples.addSample(user), false);
    }

    @GetMapping("/{id}")
    ProjectResponse get(CurrentUser user, @PathVariable UUID id) {
        return ProjectResponse.of(projects.get(user, new ProjectId(id)), false);
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
        return ProjectResponse.of(projects.updateSettings(user, new ProjectId(id), ProjectSettings.parse(body)), false);
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
            boolean planApprovalDefault) {

        static ProjectResponse of(Project p, boolean wasForked) {
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
                    p.planApprovalDefault());
        }
    }
}
