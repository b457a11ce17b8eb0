package io.herald.contract.secret;

import io.herald.contract.channel.Channel;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.UnaryOperator;

/**
 * Turns a channel's credential references ({@code env:VARIABLE}, {@code file:/path}) into the secret values,
 * on every use, so a rotated secret file is picked up without a restart.
 *
 * <p>File contents are trimmed. A file is re-read only when its modification time or size changed. Errors
 * name the channel's credential property and the reason, never the value.
 */
public final class SecretResolver {

    private final UnaryOperator<String> environment;
    private final Map<Path, CachedFile> files = new ConcurrentHashMap<>();

    /** @param environment looks up an environment variable, {@code null} when unset (e.g. {@code System::getenv}) */
    public SecretResolver(UnaryOperator<String> environment) {
        this.environment = environment;
    }

    public static SecretResolver fromSystemEnvironment() {
        return new SecretResolver(System::getenv);
    }

    /** The property name of a channel's credential, as written in the channel catalog. */
    public static String property(String channelName, String credentialKey) {
        return "herald.channels." + channelName + ".credentials." + credentialKey;
    }

    /**
     * The value of credential {@code credentialKey} of the named channel.
     *
     * @throws SecretUnavailableException when the channel has no such credential or its reference cannot be resolved
     */
    public String credential(String channelName, Channel channel, String credentialKey) {
        String property = property(channelName, credentialKey);
        String reference = channel.credentials().get(credentialKey);
        if (reference == null) {
            throw new SecretUnavailableException(property, "not configured (give env:VARIABLE or file:/path)");
        }
        return resolve(property, reference);
    }

    /**
     * The value a reference points at.
     *
     * @param property the property holding the reference, used in error messages
     * @param reference {@code env:VARIABLE} or {@code file:/path}
     */
    public String resolve(String property, String reference) {
        if (reference.startsWith("env:")) {
            return fromEnvironment(property, reference.substring("env:".length()));
        }
        if (reference.startsWith("file:")) {
            return fromFile(property, Path.of(reference.substring("file:".length())));
        }
        // never echo the reference: it may be a secret pasted by mistake
        throw new SecretUnavailableException(property, "must be a reference, env:VARIABLE or file:/path");
    }

    private String fromEnvironment(String property, String variable) {
        String value = environment.apply(variable);
        if (value == null) {
            throw new SecretUnavailableException(property, "environment variable " + variable + " is not set");
        }
        if (value.isBlank()) {
            throw new SecretUnavailableException(property, "environment variable " + variable + " is empty");
        }
        return value.strip();
    }

    private String fromFile(String property, Path file) {
        try {
            BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class);
            CachedFile cached = files.get(file);
            if (cached != null && cached.matches(attributes)) {
                return cached.value();
            }
            String value = Files.readString(file, StandardCharsets.UTF_8).strip();
            if (value.isEmpty()) {
                files.remove(file);
                throw new SecretUnavailableException(property, "file " + file + " is empty");
            }
            files.put(file, new CachedFile(attributes.lastModifiedTime(), attributes.size(), value));
            return value;
        } catch (NoSuchFileException e) {
            files.remove(file);
            throw new SecretUnavailableException(property, "file " + file + " does not exist");
        } catch (IOException e) {
            files.remove(file);
            // the exception's class, not its message: messages of some file systems quote content
            throw new SecretUnavailableException(
                    property,
                    "file " + file + " cannot be read (" + e.getClass().getSimpleName() + ")");
        }
    }

    private record CachedFile(FileTime modified, long size, String value) {
        boolean matches(BasicFileAttributes attributes) {
            return modified.equals(attributes.lastModifiedTime()) && size == attributes.size();
        }
    }
}
