package io.herald.bench;

import io.herald.stack.LocalStack;
import java.util.List;
import java.util.function.UnaryOperator;

/** The channel catalog the benchmark and the fault suite load: Standard Webhooks channels on the stack's sandbox. */
public final class WebhookChannels {

    private WebhookChannels() {}

    /** One channel per name, its whsec_ secret read from the environment variable {@code secretVariable} names. */
    public static String catalog(List<String> channels, UnaryOperator<String> secretVariable) {
        return catalog(channels, secretVariable, false);
    }

    /** As {@link #catalog(List, UnaryOperator)}; {@code strict}: every channel keeps its order. */
    public static String catalog(List<String> channels, UnaryOperator<String> secretVariable, boolean strict) {
        StringBuilder yaml = new StringBuilder("herald:\n  channels:\n");
        for (String channel : channels) {
            // provider webhook publishes no rate limit, and the catalog sets none: the dispatcher sends unthrottled
            yaml.append("    ")
                    .append(channel)
                    .append(":\n")
                    .append("      provider: webhook\n")
                    .append("      endpoint: ")
                    .append(LocalStack.SANDBOX_URL_TOKEN)
                    .append("/webhook/")
                    .append(channel)
                    .append('\n')
                    .append(strict ? "      ordering: strict\n" : "")
                    .append("      credentials:\n")
                    .append("        secret: env:")
                    .append(secretVariable.apply(channel))
                    .append('\n');
        }
        return yaml.toString();
    }
}
