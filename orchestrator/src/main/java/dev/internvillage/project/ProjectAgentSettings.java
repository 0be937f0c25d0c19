package dev.internvillage.project;

import dev.internvillage.common.DomainException;
import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * A project's agent settings, its secret agent variables and its budget defaults: kept beside the
 * project's row, apart from {@link Project}, since only the agents and the settings endpoint need them.
 * Secret values are decrypted for an agent's environment only ({@link #secrets}); nothing else reads them.
 */
@Service
public class ProjectAgentSettings {

    /** What new tasks take as their budgets; null: none. */
    public record BudgetDefaults(
            @Nullable BigDecimal usd, @Nullable Long tokens) {}

    private final JdbcClient jdbc;
    private final JsonMapper json;
    private final SecretCipher cipher;

    ProjectAgentSettings(JdbcClient jdbc, JsonMapper json, SecretCipher cipher) {
        this.jdbc = jdbc;
        this.json = json;
        this.cipher = cipher;
    }

    /** The project's agent settings; {@link AgentConfig#NONE} when it has none (or is gone). */
    public AgentConfig config(ProjectId id) {
        String stored = jdbc.sql("SELECT agent_settings FROM projects WHERE id = :id")
                .param("id", id.value())
                .query(String.class)
                .optional()
                .orElse(null);
        return stored == null ? AgentConfig.NONE : json.readValue(stored, AgentConfig.class);
    }

    /**
     * The secret variables' values, for the agent's environment alone: never log or return them.
     *
     * @throws IllegalStateException when they were encrypted under another key
     */
    public Map<String, String> secrets(ProjectId id) {
        String stored = jdbc.sql("SELECT agent_secrets FROM projects WHERE id = :id")
                .param("id", id.value())
                .query(String.class)
                .optional()
                .orElse(null);
        if (stored == null) {
            return Map.of();
        }
        return json.readValue(cipher.decrypt(stored, id), new TypeReference<Map<String, String>>() {});
    }

    public BudgetDefaults budgetDefaults(ProjectId id) {
        return jdbc.sql("SELECT budget_usd_default, budget_tokens_default FROM projects WHERE id = :id")
                .param("id", id.value())
                .query((rs, row) -> new BudgetDefaults(
                        rs.getBigDecimal("budget_usd_default"),
                        rs.getObject("budget_tokens_default") == null ? null : rs.getLong("budget_tokens_default")))
                .optional()
                .orElse(new BudgetDefaults(null, null));
    }

    /** What the project's agents have cost so far (null: no run's cost is known) and their tokens. */
    public record Usage(@Nullable BigDecimal costUsd, long tokens) {}

    public Usage usage(ProjectId id) {
        return jdbc.sql("SELECT SUM(cost_usd) AS cost, COALESCE(SUM(token_usage), 0) AS tokens FROM agent_runs"
                        + " WHERE project_id = :id")
                .param("id", id.value())
                .query((rs, row) -> new Usage(rs.getBigDecimal("cost"), rs.getLong("tokens")))
                .single();
    }

    /**
     * Replaces the agent settings; a secret given as null keeps its stored value.
     *
     * @throws DomainException INVALID_REQUEST for a kept secret that has no stored value
     */
    void replace(ProjectId id, AgentConfigInput input) {
        Map<String, String> stored = readableSecrets(id);
        Map<String, String> secrets = new LinkedHashMap<>();
        input.secrets().forEach((name, value) -> {
            if (value == null && !stored.containsKey(name)) {
                throw DomainException.invalid(
                        "agent_settings: secret_env." + name
                                + " has no stored value to keep (or it cannot be decrypted with the server's key); give its value");
            }
            secrets.put(name, value == null ? Objects.requireNonNull(stored.get(name)) : value);
        });
        AgentConfig config = input.config();
        jdbc.sql("UPDATE projects SET agent_settings = :settings, agent_secrets = :secrets WHERE id = :id")
                .param("settings", config.equals(AgentConfig.NONE) ? null : json.writeValueAsString(config))
                .param("secrets", secrets.isEmpty() ? null : cipher.encrypt(json.writeValueAsString(secrets), id))
                .param("id", id.value())
                .update();
    }

    /** The stored secrets; none when they were encrypted under another key (values given anew replace them). */
    private Map<String, String> readableSecrets(ProjectId id) {
        try {
            return secrets(id);
        } catch (IllegalStateException e) {
            return Map.of();
        }
    }

    void replaceBudgetDefaults(ProjectId id, BudgetDefaults defaults) {
        jdbc.sql("UPDATE projects SET budget_usd_default = :usd, budget_tokens_default = :tokens WHERE id = :id")
                .param("usd", defaults.usd())
                .param("tokens", defaults.tokens())
                .param("id", id.value())
                .update();
    }
}
