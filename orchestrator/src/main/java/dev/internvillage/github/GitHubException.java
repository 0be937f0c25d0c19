package dev.internvillage.github;

import dev.internvillage.common.DomainException;
import dev.internvillage.common.ErrorCode;

/**
 * GitHub answered a REST call with an error, or could not be reached (status -1). A refused token
 * is a 401 for our caller too (sign in again); anything else is a 422 that quotes GitHub's reason.
 */
public class GitHubException extends DomainException {

    private final int status;

    GitHubException(String message, int status) {
        super(status == 401 ? ErrorCode.UNAUTHORIZED : ErrorCode.UNPROCESSABLE, message);
        this.status = status;
    }

    public int status() {
        return status;
    }
}
