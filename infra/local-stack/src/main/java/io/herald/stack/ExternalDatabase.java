package io.herald.stack;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/** A PostgreSQL server the stack uses instead of starting one. */
public record ExternalDatabase(String url, String user, String password) {

    public ExternalDatabase {
        Objects.requireNonNull(url, "url");
        user = Objects.requireNonNullElse(user, "");
        password = Objects.requireNonNullElse(password, "");
    }

    /** From {@code HERALD_DB_URL}, {@code HERALD_DB_USER}, {@code HERALD_DB_PASSWORD}, when the URL is set. */
    public static Optional<ExternalDatabase> fromEnvironment(Map<String, String> env) {
        String url = env.get("HERALD_DB_URL");
        if (url == null || url.isBlank()) {
            return Optional.empty();
        }
        return Optional.of(new ExternalDatabase(url, env.get("HERALD_DB_USER"), env.get("HERALD_DB_PASSWORD")));
    }

    @Override
    public String toString() {
        return "ExternalDatabase[" + url + ", user " + user + "]"; // never the password
    }
}
