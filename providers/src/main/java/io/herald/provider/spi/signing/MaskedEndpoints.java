package io.herald.provider.spi.signing;

import io.herald.contract.redaction.Redaction;
import java.net.URI;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The masked form ({@link Redaction#url}) of channel endpoints, worked out once per endpoint. A channel's endpoint never
 * changes, and masking it is a regular-expression pass that showed up in the signer's profile when done for every
 * notification. One instance per user (a provider signer, {@link RequestSigning}'s refusals): it holds at most the
 * endpoints of the catalog's channels.
 */
public final class MaskedEndpoints {

    // keyed by the text, not the URI: URI equality ignores the case of the host and of %-escapes, the mask must not
    private final Map<String, String> masked = new ConcurrentHashMap<>();

    /** {@code Redaction.url(endpoint.toString())}. */
    public String of(URI endpoint) {
        return masked.computeIfAbsent(endpoint.toString(), Redaction::url);
    }
}
