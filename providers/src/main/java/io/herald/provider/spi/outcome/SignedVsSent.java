package io.herald.provider.spi.outcome;

import io.herald.provider.spi.outcome.ExplainContext.SentRequest;
import io.herald.provider.spi.signing.Crypto;
import io.herald.schema.SignedContent;

/**
 * What a signature covered against the request as sent, for explaining a signature the provider rejected: the same
 * SHA-256 leaves only the key (or a proxy after Herald), a different one shows the request changed after signing. Each
 * provider rebuilds from {@link #sent} the parts its signature covers (the body alone, or the path and body). Made by
 * {@link ExplainContext#signedVsSent()} when both are known.
 *
 * @param signed what the signer says it signed, and the SHA-256 of those bytes
 * @param sent the request as the dispatcher sent it
 */
public record SignedVsSent(SignedContent signed, SentRequest sent) {

    /** Whether {@code sentBytes}, the covered parts rebuilt from the request sent, are the bytes signed. */
    public boolean same(byte[] sentBytes) {
        return Crypto.sha256Hex(sentBytes).equals(signed.getSha256());
    }

    /** The signed bytes' SHA-256, shortened for a sentence ({@code 3f2a9c0b1d4e…}). */
    public String signedSha256() {
        return shortened(signed.getSha256());
    }

    /** {@code bytes}' SHA-256, shortened as {@link #signedSha256()}. */
    public static String sha256(byte[] bytes) {
        return shortened(Crypto.sha256Hex(bytes));
    }

    /** Twelve hex digits tell two digests apart for a reader; the whole is in the audit. */
    private static String shortened(String sha256Hex) {
        return sha256Hex.substring(0, 12) + "…";
    }
}
