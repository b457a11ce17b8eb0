package io.herald.contract.kafka;

import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;

/**
 * The header the dispatcher puts on an attempt record whose outcome is RESIGN (the provider refused the signature's
 * time, or the signer must sign again): its value is the channel's name. A reader that only cares about those
 * (the signer's clock) reads the header and skips decoding every other attempt, one per notification.
 */
public final class ResignHeader {

    public static final String NAME = "herald.resign";

    private ResignHeader() {}

    public static void add(Headers headers, String channel) {
        headers.add(NAME, channel.getBytes(StandardCharsets.UTF_8));
    }

    /** The channel of a RESIGN attempt, or empty for any other record. */
    public static Optional<String> channel(Headers headers) {
        Header header = headers.lastHeader(NAME);
        return header == null || header.value() == null
                ? Optional.empty()
                : Optional.of(new String(header.value(), StandardCharsets.UTF_8));
    }
}
