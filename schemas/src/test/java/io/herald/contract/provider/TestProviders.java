package io.herald.contract.provider;

import java.time.Duration;

/**
 * Stand-ins for the provider plug-ins, which live in the providers module (built after this one): registered for
 * this module's tests in {@code src/test/resources/META-INF/services}, never packaged in the test-jar.
 */
public final class TestProviders {

    private TestProviders() {}

    abstract static class Chat implements Provider {
        @Override
        public Kind kind() {
            return Kind.CHAT;
        }

        @Override
        public int defaultMaxMessageBytes() {
            return 20_000;
        }

        @Override
        public Duration signatureWindow() {
            return Duration.ofHours(1);
        }
    }

    public static final class DingTalk extends Chat {
        @Override
        public String id() {
            return "dingtalk";
        }
    }

    public static final class Slack extends Chat {
        @Override
        public String id() {
            return "slack";
        }
    }

    public static final class Webhook extends Chat {
        @Override
        public String id() {
            return "webhook";
        }
    }
}
