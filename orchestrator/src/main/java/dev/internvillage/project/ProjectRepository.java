package dev.internvillage.project;

import dev.internvillage.auth.UserId;
import dev.internvillage.common.Timestamps;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

@Repository
class ProjectRepository {

    private static final String COLUMNS = """
            id, owner_id, name, repo_url, forge, github_owner, github_repo, is_fork, upstream_owner,
            upstream_repo, default_branch, created_at, updated_at, check_command, max_follow_ups,
            merge_method, autopilot_default, require_approval, plan_approval_default""";

    private final JdbcClient jdbc;

    ProjectRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    Optional<Project> find(ProjectId id) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM projects WHERE id = :id")
                .param("id", id.value())
                .query(ProjectRepository::map)
                .optional();
    }

    /** The project's owner alone (a stream asks it on every connect), or empty if there is no such project. */
    Optional<UserId> ownerOf(ProjectId id) {
        return jdbc.sql("SELECT owner_id FROM projects WHERE id = :id")
                .param("id", id.value())
                .query((rs, n) -> new UserId(rs.getObject(1, UUID.class)))
                .optional();
    }

    List<Project> findByOwner(UserId owner) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM projects WHERE owner_id = :owner ORDER BY created_at, id")
                .param("owner", owner.value())
                .query(ProjectRepository::map)
                .list();
    }

    boolean existsForOwner(UserId owner, String repoUrl) {
        return jdbc.sql("SELECT COUNT(*) FROM projects WHERE owner_id = :owner AND repo_url = :url")
                        .param("owner", owner.value())
                        .param("url", repoUrl)
                        .query(Long.class)
                        .single()
                > 0;
    }

    void insert(Project project) {
        jdbc.sql("""
                        INSERT INTO projects (id, owner_id, name, repo_url, forge, github_owner, github_repo, is_fork,
                            upstream_owner, upstream_repo, default_branch, created_at, updated_at)
                        VALUES (:id, :owner, :name, :url, :forge, :githubOwner, :githubRepo, :isFork,
                            :upstreamOwner, :upstreamRepo, :defaultBranch, :createdAt, :updatedAt)""")
                .param("id", project.id().value())
                .param("owner", project.ownerId().value())
                .param("name", project.name())
                .param("url", project.repoUrl())
                .param("forge", project.forge().wireName())
                .param("githubOwner", project.githubOwner())
                .param("githubRepo", project.githubRepo())
                .param("isFork", project.isFork())
                .param("upstreamOwner", project.upstreamOwner())
                .param("upstreamRepo", project.upstreamRepo())
                .param("defaultBranch", project.defaultBranch())
                .param("createdAt", Timestamps.toDb(project.createdAt()))
                .param("updatedAt", Timestamps.toDb(project.updatedAt()))
                .update();
    }

    void delete(ProjectId id) {
        jdbc.sql("DELETE FROM projects WHERE id = :id").param("id", id.value()).update();
    }

    /** Hands out the next "pull request" number of a project; the row lock makes it race-free. */
    int nextPullRequestNumber(ProjectId id) {
        jdbc.sql("UPDATE projects SET pr_counter = pr_counter + 1 WHERE id = :id")
                .param("id", id.value())
                .update();
        return jdbc.sql("SELECT pr_counter FROM projects WHERE id = :id")
                .param("id", id.value())
                .query(Integer.class)
                .single();
    }

    /** Writes the project's settings (the fields the settings endpoint changes). */
    void updateSettings(Project project) {
        jdbc.sql("""
                        UPDATE projects SET merge_method = :mergeMethod, check_command = :check,
                            max_follow_ups = :maxFollowUps, autopilot_default = :autopilot,
                            require_approval = :requireApproval, plan_approval_default = :planApproval,
                            updated_at = :updatedAt, version = version + 1
                        WHERE id = :id""")
                .param("mergeMethod", project.mergeMethod().wireName())
                .param("check", project.checkCommand())
                .param("maxFollowUps", project.maxFollowUps())
                .param("autopilot", project.autopilotDefault())
                .param("requireApproval", project.requireApproval())
                .param("planApproval", project.planApprovalDefault())
                .param("updatedAt", Timestamps.toDb(Timestamps.now()))
                .param("id", project.id().value())
                .update();
    }

    private static Project map(ResultSet rs, int row) throws SQLException {
        return new Project(
                new ProjectId(rs.getObject("id", UUID.class)),
                new UserId(rs.getObject("owner_id", UUID.class)),
                rs.getString("name"),
                rs.getString("repo_url"),
                Forge.valueOf(rs.getString("forge").toUpperCase(java.util.Locale.ROOT)),
                rs.getString("github_owner"),
                rs.getString("github_repo"),
                rs.getBoolean("is_fork"),
                rs.getString("upstream_owner"),
                rs.getString("upstream_repo"),
                rs.getString("default_branch"),
                Timestamps.readRequired(rs, "created_at"),
                Timestamps.readRequired(rs, "updated_at"),
                MergeMethod.of(rs.getString("merge_method")),
                rs.getString("check_command"),
                rs.getInt("max_follow_ups"),
                rs.getBoolean("autopilot_default"),
                rs.getBoolean("require_approval"),
                rs.getBoolean("plan_approval_default"));
    }
}
