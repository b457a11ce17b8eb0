package io.herald.provider.spi.signing;

import io.herald.schema.HttpCall;
import java.util.Objects;
import java.util.Set;
import java.util.function.Supplier;

/**
 * What a {@link ProviderSigner} made: the real request, and what may be shown of it.
 *
 * <p>{@code stringToSign} is for people (the preview): a signer whose string-to-sign is costly to spell out (it
 * repeats the body) may give it as a {@link Supplier}, so the Kafka path, which never reads it, does not build it.
 * It is a value like a record: equal when all five parts are.
 */
public final class SignedRequest {

    private final HttpCall call;
    private final String maskedUrl;
    private final Set<String> secretHeaders;
    private final Supplier<String> stringToSign;
    private final String signature;
    private final io.herald.schema.SignedContent signedContent;

    /**
     * @param call the request exactly as it must be sent, credentials included
     * @param maskedUrl the URL with every credential masked (what goes on Kafka when credentials are sealed, and in logs)
     * @param secretHeaders names of headers in {@code call} whose values are credentials (e.g. {@code Authorization})
     * @param stringToSign the canonical string / string-to-sign, any secret in it masked; empty when nothing is signed
     * @param signature the signature as placed in the request; empty when the provider signs nothing
     */
    public SignedRequest(
            HttpCall call, String maskedUrl, Set<String> secretHeaders, String stringToSign, String signature) {
        this(call, maskedUrl, secretHeaders, () -> stringToSign, signature);
    }

    /** As above, with the string-to-sign spelled out only if someone reads it; it must not depend on mutable state. */
    public SignedRequest(
            HttpCall call,
            String maskedUrl,
            Set<String> secretHeaders,
            Supplier<String> stringToSign,
            String signature) {
        this(call, maskedUrl, secretHeaders, stringToSign, signature, null);
    }

    private SignedRequest(
            HttpCall call,
            String maskedUrl,
            Set<String> secretHeaders,
            Supplier<String> stringToSign,
            String signature,
            io.herald.schema.SignedContent signedContent) {
        this.call = call;
        this.maskedUrl = maskedUrl;
        this.secretHeaders = Set.copyOf(secretHeaders);
        this.stringToSign = stringToSign;
        this.signature = signature;
        this.signedContent = signedContent;
    }

    /**
     * This request, saying what its signature covers ({@code covers}, in words) and the SHA-256 (hex) of exactly
     * those bytes: a rejection can then compare them with what was sent. For signers whose signature covers the path
     * and body; never a secret.
     */
    public SignedRequest withSignedContent(String covers, String sha256Hex) {
        return new SignedRequest(
                call,
                maskedUrl,
                secretHeaders,
                stringToSign,
                signature,
                io.herald.schema.SignedContent.newBuilder()
                        .setCovers(covers)
                        .setSha256(sha256Hex)
                        .build());
    }

    /** What the signature covers, or {@code null} when the signer does not say. */
    public io.herald.schema.SignedContent signedContent() {
        return signedContent;
    }

    public HttpCall call() {
        return call;
    }

    public String maskedUrl() {
        return maskedUrl;
    }

    public Set<String> secretHeaders() {
        return secretHeaders;
    }

    public String stringToSign() {
        return stringToSign.get();
    }

    public String signature() {
        return signature;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof SignedRequest that
                && Objects.equals(call, that.call)
                && Objects.equals(maskedUrl, that.maskedUrl)
                && secretHeaders.equals(that.secretHeaders)
                && Objects.equals(stringToSign(), that.stringToSign())
                && Objects.equals(signature, that.signature)
                && Objects.equals(signedContent, that.signedContent);
    }

    @Override
    public int hashCode() {
        return Objects.hash(call, maskedUrl, secretHeaders, stringToSign(), signature);
    }

    @Override
    public String toString() {
        return "SignedRequest[call=" + call + ", maskedUrl=" + maskedUrl + ", secretHeaders=" + secretHeaders
                + ", stringToSign=" + stringToSign() + ", signature=" + signature + "]";
    }
}
