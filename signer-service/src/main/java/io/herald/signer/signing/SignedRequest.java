package io.herald.signer.signing;

import io.herald.schema.HttpCall;
import java.util.Set;

/**
 * What a {@link ProviderSigner} made: the real request, and what may be shown of it.
 *
 * @param call the request exactly as it must be sent, credentials included
 * @param maskedUrl the URL with every credential masked (what goes on Kafka when credentials are sealed, and in logs)
 * @param secretHeaders names of headers in {@code call} whose values are credentials (e.g. {@code Authorization})
 * @param stringToSign the canonical string / string-to-sign, any secret in it masked; empty when nothing is signed
 * @param signature the signature as placed in the request; empty when the provider signs nothing
 */
public record SignedRequest(HttpCall call, String maskedUrl, Set<String> secretHeaders, String stringToSign,
        String signature) {

    public SignedRequest {
        secretHeaders = Set.copyOf(secretHeaders);
    }
}
