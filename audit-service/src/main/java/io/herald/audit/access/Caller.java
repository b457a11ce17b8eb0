package io.herald.audit.access;

/** Who called the API: the configured token's name and role. Set on the request by {@link TokenFilter}. */
public record Caller(String name, AccessProperties.Role role) {

    /** Request attribute holding the {@link Caller}. */
    public static final String ATTRIBUTE = "io.herald.audit.access.Caller";

    public boolean mayReplay() {
        return role == AccessProperties.Role.OPERATOR;
    }
}
