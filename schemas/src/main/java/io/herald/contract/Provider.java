package io.herald.contract;

import java.time.Duration;
import java.util.Arrays;
import java.util.Optional;

/**
 * The providers Herald delivers to. The id names the provider in the channel catalog, in events and in
 * the provider's signed topic ({@code herald.signed.<id>}).
 */
public enum Provider {
    // DingTalk custom robot: text content is limited to 20,000 bytes; signatures are valid for 1 hour.
    DINGTALK("dingtalk", 20_000, Duration.ofHours(1)),
    FEISHU("feishu", 20_000, Duration.ofHours(1)),
    WECOM("wecom", 4_096, Duration.ZERO),
    SLACK("slack", 40_000, Duration.ZERO),
    STANDARD_WEBHOOKS("webhook", 256_000, Duration.ofMinutes(5)),
    TENCENT_CLOUD("tencentcloud", 1_000_000, Duration.ofMinutes(5)),
    DOGECLOUD("dogecloud", 1_000_000, Duration.ZERO);

    private final String id;
    private final int defaultMaxMessageBytes;
    private final Duration signatureWindow;

    Provider(String id, int defaultMaxMessageBytes, Duration signatureWindow) {
        this.id = id;
        this.defaultMaxMessageBytes = defaultMaxMessageBytes;
        this.signatureWindow = signatureWindow;
    }

    public String id() {
        return id;
    }

    /** Largest message the provider takes, used when the channel sets no limit of its own. */
    public int defaultMaxMessageBytes() {
        return defaultMaxMessageBytes;
    }

    /** How far a signature's timestamp may be from the provider's clock; zero when nothing is time-stamped. */
    public Duration signatureWindow() {
        return signatureWindow;
    }

    public static Optional<Provider> byId(String id) {
        return Arrays.stream(values()).filter(p -> p.id.equals(id)).findFirst();
    }

    public static String knownIds() {
        return String.join(", ", Arrays.stream(values()).map(Provider::id).toList());
    }
}
