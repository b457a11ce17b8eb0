package io.herald.audit.search;

/** A query parameter the API cannot use; answered 400 naming the parameter. */
public class InvalidSearchException extends RuntimeException {

    private final String parameter;

    public InvalidSearchException(String parameter, String problem) {
        super(parameter + " " + problem, null, false, false);
        this.parameter = parameter;
    }

    public String parameter() {
        return parameter;
    }
}
