package dev.internvillage.git;

/** A git command that failed; the message carries git's own explanation. */
public class GitException extends RuntimeException {

    private final int exitCode;

    GitException(String message, int exitCode) {
        super(message);
        this.exitCode = exitCode;
    }

    public int exitCode() {
        return exitCode;
    }
}
