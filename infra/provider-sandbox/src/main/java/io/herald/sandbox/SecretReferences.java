package io.herald.sandbox;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * Resolves a channel catalog's credential references the way the signer does (schemas' {@code SecretResolver}, which
 * this module does not depend on: it would pull Kafka and the registry client into the sandbox): {@code env:VARIABLE}
 * (set and not blank, stripped) or {@code file:/path} (not empty, stripped). Anything else is refused as in the
 * catalog, since it may be a secret pasted in place of a reference. Messages name the property and never the value.
 */
final class SecretReferences {

    private static final Pattern REFERENCE = Pattern.compile("(env:[A-Za-z_][A-Za-z0-9_]*|file:.+)");

    private SecretReferences() {}

    /**
     * @param property e.g. {@code herald.channels.ops.credentials.secret}, used in messages
     * @throws IllegalArgumentException naming the property and the reason
     */
    static String resolve(String property, String reference, Function<String, String> environment) {
        if (reference == null || !REFERENCE.matcher(reference).matches()) {
            throw new IllegalArgumentException(property + ": must be a reference, env:VARIABLE or file:/path");
        }
        if (reference.startsWith("env:")) {
            String variable = reference.substring("env:".length());
            String value = environment.apply(variable);
            if (value == null) {
                throw new IllegalArgumentException(property + ": environment variable " + variable + " is not set");
            }
            if (value.isBlank()) {
                throw new IllegalArgumentException(property + ": environment variable " + variable + " is empty");
            }
            return value.strip();
        }
        Path file = Path.of(reference.substring("file:".length()));
        try {
            String value = Files.readString(file, StandardCharsets.UTF_8).strip();
            if (value.isEmpty()) {
                throw new IllegalArgumentException(property + ": file " + file + " is empty");
            }
            return value;
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException(property + ": file " + file + " does not exist");
        } catch (IOException e) {
            // the exception's class, not its message: messages of some file systems quote content
            throw new IllegalArgumentException(property + ": file " + file + " cannot be read ("
                    + e.getClass().getSimpleName() + ")");
        }
    }
}
