package io.herald.provider.spi.sandbox;

import java.net.URI;
import java.util.Map;

/** One channel of a Herald catalog as the sandbox reads it; problems are collected, not thrown, so all are reported. */
public interface SandboxChannel {

    /** The channel's property path, e.g. {@code herald.channels.ops}. */
    String at();

    /** The raw path of the channel's endpoint. */
    String path();

    /** The sandbox's base URL. */
    URI sandboxUrl();

    /** Credential names given for the channel (their references, not the values). */
    Map<String, String> credentials();

    /** The resolved credential, or {@code null} after recording why it is unavailable. */
    String required(String key);

    /** Records a problem; {@code message} starts with the property it concerns. */
    void problem(String message);

    /** Records that the endpoint's path is not where the sandbox serves the provider (the path is not echoed). */
    void wrongPath(String served);

    /** Same scheme, host and port as the sandbox; the loopback names count as one host. */
    boolean onSandbox(URI uri);
}
