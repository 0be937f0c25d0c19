package dev.internvillage.project;

import dev.internvillage.common.DomainException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * A change of a project's settings ({@code PATCH /api/projects/{id}}): each field is null when the
 * request leaves it out. Unknown fields are refused rather than ignored, so a misspelt setting is
 * noticed. {@code checkCommand} is blank when the request removes the check (an empty string or
 * null).
 */
public record ProjectSettings(
        @Nullable MergeMethod mergeMethod,
        @Nullable String checkCommand,
        @Nullable Integer maxFollowUps,
        @Nullable Boolean autopilotDefault,
        @Nullable Boolean requireApproval,
        @Nullable Boolean planApprovalDefault,
        @Nullable Given<java.math.BigDecimal> budgetUsdDefault,
        @Nullable Given<Long> budgetTokensDefault,
        @Nullable AgentConfigInput agentSettings) {

    /** A setting the request gave, with its value (null: the setting is removed). */
    record Given<T>(@Nullable T value) {}

    static final int MAX_CHECK_COMMAND_LENGTH = 2000;
    static final int MAX_FOLLOW_UPS_LIMIT = 20;

    private static final Set<String> FIELDS = Set.of(
            "merge_method",
            "check_command",
            "max_follow_ups",
            "autopilot_default",
            "require_approval",
            "plan_approval_default",
            "budget_usd_default",
            "budget_tokens_default",
            "agent_settings");

    /**
     * @throws DomainException INVALID_REQUEST for a body that is not an object, one without any
     *     setting, an unknown field or a bad value
     */
    static ProjectSettings parse(JsonNode body) {
        if (!body.isObject()) {
            throw DomainException.invalid("the request body must be a JSON object of settings");
        }
        List<String> unknown = new ArrayList<>();
        body.propertyNames().forEach(name -> {
            if (!FIELDS.contains(name)) {
                unknown.add(name);
            }
        });
        if (!unknown.isEmpty()) {
            throw DomainException.invalid(
                    "unknown setting(s): " + String.join(", ", unknown) + "; the settings are " + fieldNames());
        }
        if (body.isEmpty()) {
            throw DomainException.invalid("give at least one of " + fieldNames());
        }
        return new ProjectSettings(
                mergeMethod(body.get("merge_method")),
                checkCommand(body.get("check_command")),
                maxFollowUps(body.get("max_follow_ups")),
                flag(body.get("autopilot_default"), "autopilot_default"),
                flag(body.get("require_approval"), "require_approval"),
                flag(body.get("plan_approval_default"), "plan_approval_default"),
                body.has("budget_usd_default")
                        ? new Given<>(Budgets.usd(body.get("budget_usd_default"), "budget_usd_default"))
                        : null,
                body.has("budget_tokens_default")
                        ? new Given<>(Budgets.tokens(body.get("budget_tokens_default"), "budget_tokens_default"))
                        : null,
                body.has("agent_settings") ? AgentConfigInput.parse(body.get("agent_settings")) : null);
    }

    private static String fieldNames() {
        return String.join(", ", FIELDS.stream().sorted().toList());
    }

    private static @Nullable MergeMethod mergeMethod(@Nullable JsonNode method) {
        if (method == null) {
            return null;
        }
        if (!method.isString()) {
            throw DomainException.invalid("merge_method must be a string");
        }
        return MergeMethod.of(method.asString());
    }

    private static @Nullable String checkCommand(@Nullable JsonNode command) {
        if (command == null) {
            return null;
        }
        if (command.isNull()) {
            return "";
        }
        if (!command.isString()) {
            throw DomainException.invalid("check_command must be a string");
        }
        String value = command.asString();
        if (value.length() > MAX_CHECK_COMMAND_LENGTH) {
            throw DomainException.invalid("check_command must be at most " + MAX_CHECK_COMMAND_LENGTH + " characters");
        }
        if (value.indexOf('\0') >= 0) {
            throw DomainException.invalid("check_command must not contain NUL characters");
        }
        return value;
    }

    private static @Nullable Boolean flag(@Nullable JsonNode value, String name) {
        if (value == null) {
            return null;
        }
        if (!value.isBoolean()) {
            throw DomainException.invalid(name + " must be true or false");
        }
        return value.asBoolean();
    }

    private static @Nullable Integer maxFollowUps(@Nullable JsonNode max) {
        if (max == null) {
            return null;
        }
        if (!max.isIntegralNumber()
                || !max.canConvertToInt()
                || max.asInt() < 0
                || max.asInt() > MAX_FOLLOW_UPS_LIMIT) {
            throw DomainException.invalid("max_follow_ups must be a whole number from 0 to " + MAX_FOLLOW_UPS_LIMIT);
        }
        return max.asInt();
    }
}
