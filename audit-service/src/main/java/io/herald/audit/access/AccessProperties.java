package io.herald.audit.access;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * The API's bearer tokens, {@code herald.audit.tokens.<name>}: the name is the caller's principal (recorded as who asked
 * for a replay), {@code secret} a reference to the token value ({@code env:VARIABLE} or {@code file:/path}, resolved on
 * every request so a rotated token applies without a restart), {@code role} READ (queries) or OPERATOR (queries and
 * replay). At least one token is required: the API is never open.
 */
@Validated
@ConfigurationProperties("herald.audit")
public record AccessProperties(@NotEmpty Map<String, @Valid @NotNull Token> tokens) {

    public record Token(@NotBlank String secret, @NotNull Role role) {}

    public enum Role {
        /** may read notifications, lists and counts */
        READ,
        /** may also replay dead letters */
        OPERATOR
    }
}
