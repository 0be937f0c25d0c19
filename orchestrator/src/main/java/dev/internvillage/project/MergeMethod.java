package dev.internvillage.project;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import dev.internvillage.common.DomainException;
import java.util.Arrays;
import java.util.stream.Collectors;

/** How the app merges a subtask's branch into the project's default branch. */
public enum MergeMethod {
    /** Fast-forward when possible, otherwise a merge commit (the default). */
    MERGE("merge"),
    /** One commit with the branch's changes. */
    SQUASH("squash"),
    /** Only fast-forwards: a branch behind the default branch is refused. */
    FAST_FORWARD_ONLY("fast-forward-only");

    private final String wireName;

    MergeMethod(String wireName) {
        this.wireName = wireName;
    }

    @JsonValue
    public String wireName() {
        return wireName;
    }

    /**
     * @throws DomainException INVALID_REQUEST naming the accepted values
     */
    @JsonCreator
    public static MergeMethod of(String name) {
        return Arrays.stream(values())
                .filter(m -> m.wireName.equals(name))
                .findFirst()
                .orElseThrow(() -> DomainException.invalid("merge_method must be one of "
                        + Arrays.stream(values()).map(MergeMethod::wireName).collect(Collectors.joining(", "))));
    }
}
