package dev.internvillage.common;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/** Turns a bad configuration value into a short start-up message instead of a stack trace. */
class InvalidSettingFailureAnalyzer extends AbstractFailureAnalyzer<InvalidSettingException> {

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, InvalidSettingException cause) {
        return new FailureAnalysis(
                "Invalid configuration: " + cause.getMessage(),
                "Fix or unset the environment variable " + cause.variable()
                        + " (see the configuration table in README.md).",
                cause);
    }
}
