package dev.internvillage.common;

/** A state-machine move its transition table does not allow; the API answers 409. */
public final class IllegalTransition extends DomainException {

    private final String from;
    private final String to;

    public IllegalTransition(String entity, Object from, Object to) {
        super(ErrorCode.CONFLICT, entity + " cannot move from " + from + " to " + to);
        this.from = String.valueOf(from);
        this.to = String.valueOf(to);
    }

    public String from() {
        return from;
    }

    public String to() {
        return to;
    }
}
