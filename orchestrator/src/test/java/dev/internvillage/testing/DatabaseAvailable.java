package dev.internvillage.testing;

import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.opentest4j.TestAbortedException;

/**
 * Skips the database suite, before any application context is started, when the PostgreSQL pass has
 * no server to run on. {@link TestDatabase} prints why; with {@code CI=true} it fails instead.
 */
public final class DatabaseAvailable implements ExecutionCondition {

    @Override
    public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
        if (!TestDatabase.isPostgres()) {
            return ConditionEvaluationResult.enabled("embedded H2");
        }
        try {
            return ConditionEvaluationResult.enabled("PostgreSQL at " + TestDatabase.postgresDatabaseUrl());
        } catch (TestAbortedException e) {
            return ConditionEvaluationResult.disabled(e.getMessage());
        }
    }
}
