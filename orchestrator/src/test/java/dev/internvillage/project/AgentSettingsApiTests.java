package dev.internvillage.project;

import static org.assertj.core.api.Assertions.assertThat;

import dev.internvillage.testing.Api;
import dev.internvillage.testing.ApiResponse;
import dev.internvillage.testing.ApiTestBase;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;

/**
 * {@code PATCH /api/projects/{id}} with {@code agent_settings} and budget defaults, and task budgets in
 * the create body and {@code PATCH /api/tasks/{id}}: what is accepted, read back and refused.
 */
class AgentSettingsApiTests extends ApiTestBase {

    @Test
    void aNewProjectHasTheServersAgentSettingsNoBudgetsAndNoCostYet() {
        Api api = newUser();
        JsonNode project = api.get("/api/projects/" + createProject(api)).json();

        JsonNode agents = project.path("agent_settings");
        assertThat(agents.has("runtime")).isTrue();
        assertThat(agents.path("runtime").isNull()).isTrue();
        assertThat(agents.path("env").isEmpty()).isTrue();
        assertThat(agents.path("secret_env").isEmpty()).isTrue();
        assertThat(project.path("budget_usd_default").isNull()).isTrue();
        assertThat(project.path("cost_usd").isNull()).isTrue();
        assertThat(project.path("token_usage").asLong()).isZero();
    }

    @Test
    void settingsAreStoredReadBackAndResetWithNull() {
        Api api = newUser();
        String projectId = createProject(api);

        ApiResponse patched = api.patch("/api/projects/" + projectId, """
                {"agent_settings": {"runtime": "codex", "planner": {"runtime": "claude-code", "model": "claude-opus-4-1"},
                  "env": {"NODE_ENV": "test"}, "secret_env": {"NPM_TOKEN": "npm_abc123"}, "setup_command": " npm ci "}}""");

        assertThat(patched.status()).as("%s", patched).isEqualTo(200);
        JsonNode agents = api.get("/api/projects/" + projectId).json().path("agent_settings");
        assertThat(agents.path("runtime").asString()).isEqualTo("codex");
        assertThat(agents.path("planner").path("runtime").asString()).isEqualTo("claude-code");
        assertThat(agents.path("planner").path("model").asString()).isEqualTo("claude-opus-4-1");
        assertThat(agents.path("worker").path("runtime").isNull()).isTrue();
        assertThat(agents.path("env").path("NODE_ENV").asString()).isEqualTo("test");
        assertThat(agents.path("secret_env").toString()).isEqualTo("[\"NPM_TOKEN\"]");
        assertThat(agents.path("setup_command").asString()).isEqualTo("npm ci");
        assertThat(patched.body()).doesNotContain("npm_abc123");

        // other settings leave the agent settings alone; null resets them
        api.patch("/api/projects/" + projectId, "{\"max_follow_ups\": 2}");
        assertThat(api.get("/api/projects/" + projectId)
                        .json()
                        .path("agent_settings")
                        .path("runtime")
                        .asString())
                .isEqualTo("codex");
        JsonNode reset = api.patch("/api/projects/" + projectId, "{\"agent_settings\": null}")
                .json()
                .path("agent_settings");
        assertThat(reset.path("runtime").isNull()).isTrue();
        assertThat(reset.path("secret_env").isEmpty()).isTrue();
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "{\"agent_settings\": {\"runtime\": \"gpt-cli\"}}",
                "{\"agent_settings\": {\"runtime\": 3}}",
                "{\"agent_settings\": {\"worker\": {\"runtime\": \"nope\"}}}",
                "{\"agent_settings\": {\"worker\": {\"model\": \"two words\"}}}",
                "{\"agent_settings\": {\"worker\": {\"temperature\": 1}}}",
                "{\"agent_settings\": {\"env\": {\"lower_case\": \"x\"}}}",
                "{\"agent_settings\": {\"env\": {\"1ST\": \"x\"}}}",
                "{\"agent_settings\": {\"env\": {\"IV_ROLE\": \"x\"}}}",
                "{\"agent_settings\": {\"env\": {\"PATH\": \"/tmp\"}}}",
                "{\"agent_settings\": {\"env\": {\"SESSION_SECRET\": \"x\"}}}",
                "{\"agent_settings\": {\"env\": {\"A\": 1}}}",
                "{\"agent_settings\": {\"env\": [\"A\"]}}",
                "{\"agent_settings\": {\"secret_env\": {\"A\": 1}}}",
                "{\"agent_settings\": {\"env\": {\"A\": \"x\"}, \"secret_env\": {\"A\": \"y\"}}}",
                "{\"agent_settings\": {\"secret_env\": {\"NEVER_STORED\": null}}}",
                "{\"agent_settings\": {\"setup_command\": 5}}",
                "{\"agent_settings\": {\"check_command\": \"make\"}}",
                "{\"agent_settings\": \"claude-code\"}",
                "{\"budget_usd_default\": 0}",
                "{\"budget_usd_default\": -2}",
                "{\"budget_usd_default\": \"5\"}",
                "{\"budget_tokens_default\": 1.5}",
                "{\"budget_tokens_default\": 0}"
            })
    void badSettingsAreRefusedWithAMessageAndChangeNothing(String body) {
        Api api = newUser();
        String projectId = createProject(api);

        ApiResponse refused = api.patch("/api/projects/" + projectId, body);

        assertThat(refused.status()).as("%s -> %s", body, refused).isEqualTo(400);
        assertThat(refused.errorCode()).isEqualTo("INVALID_REQUEST");
        assertThat(refused.errorMessage()).isNotBlank();
        JsonNode project = api.get("/api/projects/" + projectId).json();
        assertThat(project.path("agent_settings").path("runtime").isNull()).isTrue();
        assertThat(project.path("budget_usd_default").isNull()).isTrue();
    }

    @Test
    void aRefusalSaysWhatIsWrongAndNeverEchoesASecret() {
        Api api = newUser();
        String projectId = createProject(api);

        assertThat(api.patch("/api/projects/" + projectId, "{\"agent_settings\": {\"runtime\": \"gpt-cli\"}}")
                        .errorMessage())
                .isEqualTo("agent_settings: runtime must be one of demo, claude-code, codex, gemini, opencode,"
                        + " command, acp or null (the server's)");
        assertThat(api.patch("/api/projects/" + projectId, "{\"agent_settings\": {\"env\": {\"IV_X\": \"1\"}}}")
                        .errorMessage())
                .isEqualTo("agent_settings: env: IV_X is reserved for the orchestrator");
        ApiResponse tooLong = api.patch(
                "/api/projects/" + projectId,
                "{\"agent_settings\": {\"secret_env\": {\"TOKEN\": \"" + "hunter2".repeat(2000) + "\"}}}");
        assertThat(tooLong.status()).isEqualTo(400);
        assertThat(tooLong.body()).doesNotContain("hunter2");
    }

    @Test
    void newTasksTakeTheProjectsBudgetDefaultsUnlessTheyGiveTheirOwn() {
        Api api = newUser();
        String projectId = createProject(api);
        JsonNode project = api.patch(
                        "/api/projects/" + projectId,
                        "{\"budget_usd_default\": 2.5, \"budget_tokens_default\": 500000}")
                .json();
        assertThat(project.path("budget_usd_default").asDouble()).isEqualTo(2.5);
        assertThat(project.path("budget_tokens_default").asLong()).isEqualTo(500000);

        JsonNode defaulted = api.post(
                        "/api/projects/" + projectId + "/tasks", "{\"title\":\"t\",\"description\":\"d\"}")
                .json();
        JsonNode own = api.post(
                        "/api/projects/" + projectId + "/tasks",
                        "{\"title\":\"t\",\"description\":\"d\",\"budget_usd\":0.75}")
                .json();

        assertThat(defaulted.path("budget_usd").asDouble()).isEqualTo(2.5);
        assertThat(defaulted.path("budget_tokens").asLong()).isEqualTo(500000);
        assertThat(defaulted.path("budget_reached").asBoolean()).isFalse();
        assertThat(defaulted.path("cost_usd").isNull()).isTrue();
        assertThat(defaulted.path("token_usage").asLong()).isZero();
        assertThat(own.path("budget_usd").asDouble()).isEqualTo(0.75);
        assertThat(own.path("budget_tokens").asLong()).isEqualTo(500000);
    }

    @Test
    void aTasksBudgetChangesAndIsRemovedWithNullAndBadValuesAreRefused() {
        Api api = newUser();
        String projectId = createProject(api);
        String taskId = createTask(api, projectId);

        JsonNode set = api.patch("/api/tasks/" + taskId, "{\"budget_usd\": 3, \"budget_tokens\": 1000}")
                .json();
        assertThat(set.path("budget_usd").asDouble()).isEqualTo(3.0);
        assertThat(set.path("budget_tokens").asLong()).isEqualTo(1000);
        JsonNode removed =
                api.patch("/api/tasks/" + taskId, "{\"budget_usd\": null}").json();
        assertThat(removed.path("budget_usd").isNull()).isTrue();
        assertThat(removed.path("budget_tokens").asLong()).isEqualTo(1000);

        for (String body : List.of(
                "{\"budget_usd\": 0}",
                "{\"budget_usd\": -1}",
                "{\"budget_usd\": \"1\"}",
                "{\"budget_usd\": 1000001}",
                "{\"budget_tokens\": 0}",
                "{\"budget_tokens\": 2.5}",
                "{\"budget\": 1}")) {
            ApiResponse refused = api.patch("/api/tasks/" + taskId, body);
            assertThat(refused.status()).as("%s -> %s", body, refused).isEqualTo(400);
            assertThat(refused.errorMessage()).as(body).isNotBlank();
        }
        for (String body : List.of(
                "{\"title\":\"t\",\"description\":\"d\",\"budget_usd\":0}",
                "{\"title\":\"t\",\"description\":\"d\",\"budget_usd\":\"x\"}",
                "{\"title\":\"t\",\"description\":\"d\",\"budget_tokens\":-5}")) {
            ApiResponse refused = api.post("/api/projects/" + projectId + "/tasks", body);
            assertThat(refused.status()).as("%s -> %s", body, refused).isEqualTo(400);
        }
    }
}
