package dev.internvillage.task;

import dev.internvillage.common.DomainException;
import dev.internvillage.project.Budgets;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * A change of a task ({@code PATCH /api/tasks/{id}}): its autopilot, its plan's review, its budgets. A field the request
 * leaves out keeps its value; a budget given as null is removed. Unknown fields are refused.
 */
record TaskChanges(
        @Nullable Boolean autopilot,
        @Nullable Boolean requirePlanApproval,
        boolean budgetUsdGiven,
        @Nullable BigDecimal budgetUsd,
        boolean budgetTokensGiven,
        @Nullable Long budgetTokens) {

    private static final Set<String> FIELDS =
            Set.of("autopilot", "require_plan_approval", "budget_usd", "budget_tokens");

    static TaskChanges parse(JsonNode body) {
        if (!body.isObject()) {
            throw DomainException.invalid("the request body must be a JSON object");
        }
        List<String> unknown = new ArrayList<>();
        body.propertyNames().forEach(name -> {
            if (!FIELDS.contains(name)) {
                unknown.add(name);
            }
        });
        if (!unknown.isEmpty()) {
            throw DomainException.invalid("unknown field(s): " + String.join(", ", unknown)
                    + "; a task's autopilot, require_plan_approval, budget_usd and budget_tokens can change");
        }
        if (body.isEmpty()) {
            throw DomainException.invalid(
                    "give at least one of autopilot, require_plan_approval, budget_usd, budget_tokens");
        }
        JsonNode autopilot = body.get("autopilot");
        if (autopilot != null && !autopilot.isBoolean()) {
            throw DomainException.invalid("autopilot must be true or false");
        }
        JsonNode review = body.get("require_plan_approval");
        if (review != null && !review.isBoolean()) {
            throw DomainException.invalid("require_plan_approval must be true or false");
        }
        return new TaskChanges(
                autopilot == null ? null : autopilot.asBoolean(),
                review == null ? null : review.asBoolean(),
                body.has("budget_usd"),
                body.has("budget_usd") ? Budgets.usd(body.get("budget_usd"), "budget_usd") : null,
                body.has("budget_tokens"),
                body.has("budget_tokens") ? Budgets.tokens(body.get("budget_tokens"), "budget_tokens") : null);
    }
}
