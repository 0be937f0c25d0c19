package dev.internvillage.agent.workspace;

/** The workspace could not be prepared (e.g. origin unreachable); the attempt fails with this reason. */
public class WorkspaceException extends RuntimeException {

    public WorkspaceException(String message, Throwable cause) {
        super(message, cause);
    }
}
