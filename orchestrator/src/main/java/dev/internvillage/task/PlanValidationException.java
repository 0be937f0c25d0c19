package dev.internvillage.task;

import dev.internvillage.common.DomainException;
import dev.internvillage.common.ErrorCode;
import java.util.List;

/** A plan that cannot be imported, with every problem found, each naming where it is. */
public final class PlanValidationException extends DomainException {

    private final List<String> problems;

    public PlanValidationException(List<String> problems) {
        super(ErrorCode.UNPROCESSABLE, "invalid plan: " + String.join("; ", problems));
        this.problems = List.copyOf(problems);
    }

    public List<String> problems() {
        return problems;
    }
}
