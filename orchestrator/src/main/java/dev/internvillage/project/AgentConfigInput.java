package dev.internvillage.project;

import dev.internvillage.common.DomainException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * The {@code agent_settings} of a settings change, checked: it replaces the project's agent settings as a
 * whole. {@code secrets} maps each secret variable to its new value, or to null to keep the stored one;
 * a secret left out is removed.
 */
record AgentConfigInput(AgentConfig config, Map<String, @Nullable String> secrets) {

    static final int MAX_VARIABLES = 50;
    static final int MAX_VALUE_LENGTH = 10_000;
    static final int MAX_SETUP_COMMAND_LENGTH = 2000;

    private static final Pattern NAME = Pattern.compile("[A-Z_][A-Z0-9_]{0,99}");
    private static final Pattern MODEL = Pattern.compile("[A-Za-z0-9._:/@+-]{1,200}");
    private static final Set<String> FIELDS =
            Set.of("runtime", "planner", "worker", "env", "secret_env", "setup_command");
    private static final Set<String> ROLE_FIELDS = Set.of("runtime", "model");

    /**
     * Variables a project may not set: the ones the orchestrator itself gives every agent ({@code IV_*},
     * {@code PATH}, {@code HOME}, …) and the server's own secrets, which no agent ever gets.
     */
    static final Set<String> RESERVED = Set.of(
            "PATH",
            "HOME",
            "USER",
            "LOGNAME",
            "SHELL",
            "PWD",
            "TMPDIR",
            "LD_PRELOAD",
            "LD_LIBRARY_PATH",
            "SESSION_SECRET",
            "ENCRYPTION_KEY",
            "GITHUB_CLIENT_SECRET",
            "GITHUB_CLIENT_ID",
            "DATABASE_URL",
            "NOTIFY_WEBHOOK_URL",
            "GITHUB_WEBHOOK_SECRET");

    /** A missing or null {@code agent_settings} resets them to the server's defaults (secrets removed). */
    static AgentConfigInput parse(@Nullable JsonNode node) {
        if (node == null || node.isNull()) {
            return new AgentConfigInput(AgentConfig.NONE, Map.of());
        }
        if (!node.isObject()) {
            throw invalid("must be an object");
        }
        unknownFields(node, FIELDS, "agent_settings");
        Map<String, String> env = variables(node.get("env"), "env", false);
        Map<String, @Nullable String> secrets = variables(node.get("secret_env"), "secret_env", true);
        for (String name : secrets.keySet()) {
            if (env.containsKey(name)) {
                throw invalid(name + " is in both env and secret_env");
            }
        }
        if (env.size() + secrets.size() > MAX_VARIABLES) {
            throw invalid("at most " + MAX_VARIABLES + " variables in env and secret_env together");
        }
        AgentConfig config = new AgentConfig(
                runtime(node.get("runtime"), "runtime"),
                role(node.get("planner"), "planner"),
                role(node.get("worker"), "worker"),
                Map.copyOf(env),
                List.copyOf(secrets.keySet()),
                setupCommand(node.get("setup_command")));
        return new AgentConfigInput(config, secrets);
    }

    private static AgentConfig.Role role(@Nullable JsonNode node, String name) {
        if (node == null || node.isNull()) {
            return AgentConfig.Role.NONE;
        }
        if (!node.isObject()) {
            throw invalid(name + " must be an object with runtime and model");
        }
        unknownFields(node, ROLE_FIELDS, "agent_settings." + name);
        String model = optionalString(node.get("model"), name + ".model");
        if (model != null && !MODEL.matcher(model).matches()) {
            throw invalid(name + ".model must be 1 to 200 letters, digits or . _ : / @ + -");
        }
        return new AgentConfig.Role(runtime(node.get("runtime"), name + ".runtime"), model);
    }

    private static @Nullable String runtime(@Nullable JsonNode node, String field) {
        String value = optionalString(node, field);
        if (value != null && !AgentConfig.RUNTIMES.contains(value)) {
            throw invalid(
                    field + " must be one of " + String.join(", ", AgentConfig.RUNTIMES) + " or null (the server's)");
        }
        return value;
    }

    private static @Nullable String setupCommand(@Nullable JsonNode node) {
        String value = optionalString(node, "setup_command");
        if (value == null) {
            return null;
        }
        if (value.length() > MAX_SETUP_COMMAND_LENGTH || value.indexOf('\0') >= 0) {
            throw invalid("setup_command must be at most " + MAX_SETUP_COMMAND_LENGTH + " characters, without NUL");
        }
        return value.isBlank() ? null : value.strip();
    }

    private static Map<String, @Nullable String> variables(@Nullable JsonNode node, String field, boolean secret) {
        Map<String, @Nullable String> variables = new LinkedHashMap<>();
        if (node == null || node.isNull()) {
            return variables;
        }
        if (!node.isObject()) {
            throw invalid(field + " must be an object of variable names and values");
        }
        for (String name : node.propertyNames()) {
            if (!NAME.matcher(name).matches()) {
                throw invalid(field + ": '" + name + "' is not a variable name (capital letters, digits and _,"
                        + " not starting with a digit, at most 100)");
            }
            if (name.startsWith("IV_") || RESERVED.contains(name)) {
                throw invalid(field + ": " + name + " is reserved for the orchestrator");
            }
            JsonNode value = node.get(name);
            if (secret && value.isNull()) {
                // keep the stored value
                variables.put(name, null);
                continue;
            }
            if (!value.isString()) {
                // the message names the variable, never its value
                throw invalid(field + "." + name + " must be a string" + (secret ? " (or null to keep it)" : ""));
            }
            String text = value.asString();
            if (text.length() > MAX_VALUE_LENGTH || text.indexOf('\0') >= 0) {
                throw invalid(field + "." + name + " must be at most " + MAX_VALUE_LENGTH + " characters, without NUL");
            }
            variables.put(name, text);
        }
        return variables;
    }

    private static @Nullable String optionalString(@Nullable JsonNode node, String field) {
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isString()) {
            throw invalid(field + " must be a string or null");
        }
        return node.asString();
    }

    private static void unknownFields(JsonNode node, Set<String> known, String where) {
        List<String> unknown = new ArrayList<>();
        node.propertyNames().forEach(name -> {
            if (!known.contains(name)) {
                unknown.add(name);
            }
        });
        if (!unknown.isEmpty()) {
            throw DomainException.invalid(
                    "unknown field(s) in " + where + ": " + String.join(", ", unknown) + "; the fields are "
                            + String.join(", ", known.stream().sorted().toList()));
        }
    }

    private static DomainException invalid(String message) {
        return DomainException.invalid("agent_settings: " + message);
    }
}
