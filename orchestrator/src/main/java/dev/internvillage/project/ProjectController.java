package dev.internvillage.project;

import dev.internvillage.auth.CurrentUser;
import dev.internvillage.common.DomainException;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
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
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

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

    /** A one-click sample: makes a small git repository under the data directory and adds it. */
    @PostMapping("/demo")
    @ResponseStatus(HttpStatus.CREATED)
    ProjectResponse createSample(CurrentUser user) {
        return ProjectResponse.of(projects.create(user, samples.create().toString()), false);
    }

    @GetMapping("/{id}")
    ProjectResponse get(CurrentUser user, @PathVariable UUID id) {
        return ProjectResponse.of(projects.get(user, new ProjectId(id)), false);
    }

    /** Changes the project's settings; fields left out keep their values. */
    @PatchMapping("/{id}")
    ProjectResponse update(CurrentUser user, @PathVariable UUID id, @Valid @RequestBody UpdateProjectRequest request) {
        if (request.checkCommand() == null && request.maxFollowUps() == null) {
            throw DomainException.invalid("give at least one of check_command, max_follow_ups");
        }
        return ProjectResponse.of(
                projects.updateSettings(user, new ProjectId(id), request.checkCommand(), request.maxFollowUps()),
                false);
    }

    @DeleteMapping("/{id}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    void delete(CurrentUser user, @PathVariable UUID id) {
        projects.delete(user, new ProjectId(id));
    }

    @PostMapping("/{id}/cleanup")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    void cleanup(CurrentUser user, @PathVariable UUID id) {
        projects.cleanup(user, new ProjectId(id));
    }

    record CreateProjectRequest(
            @NotBlank(message = "is required")
            @Size(max = RepoLocation.MAX_LENGTH, message = "must be at most {max} characters")
            String repoUrl) {}

    /** A blank {@code check_command} removes the check. */
    record UpdateProjectRequest(
            @Nullable @Size(max = 2000, message = "must be at most {max} characters")
            String checkCommand,

            @Nullable
            @Min(value = 0, message = "must be from 0 to 20")
            @Max(value = 20, message = "must be from 0 to 20")
            Integer maxFollowUps) {}

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
            @Nullable String checkCommand,
            int maxFollowUps) {

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
                    p.checkCommand(),
                    p.maxFollowUps());
        }
    }
}
