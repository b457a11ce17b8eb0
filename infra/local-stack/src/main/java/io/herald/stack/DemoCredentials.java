package io.herald.stack;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;

/**
 * The credentials of the demo channels of {@code config/channels.yml}, one per provider on the sandbox: every variable
 * their {@code env:} references name, made per run (shaped as each provider issues them) unless already set. The
 * supervisor hands them to the stack, which gives them to the services and registers the same channels in the sandbox.
 */
final class DemoCredentials {

    /** Variable to how a fresh value is made; {@code %s} in a value stands for the sandbox's base URL. */
    private static final Map<String, Function<SecureRandom, String>> VARIABLES = variables();

    private DemoCredentials() {}

    /**
     * @param environment where a variable may already be set (its value is kept, so a shell can pin a credential)
     * @param sandboxUrl  the sandbox's base URL ({@code http://127.0.0.1:18080}): the Slack credential is a whole URL
     * @return every demo variable to its value, in the catalog's order
     */
    static Map<String, String> of(Function<String, String> environment, String sandboxUrl) {
        SecureRandom random = new SecureRandom();
        Map<String, String> values = new LinkedHashMap<>();
        VARIABLES.forEach((variable, make) -> {
            String given = environment.apply(variable);
            values.put(
                    variable,
                    given != null && !given.isBlank()
                            ? given
                            : make.apply(random).replace("%s", sandboxUrl));
        });
        return values;
    }

    /** The variables the demo channels reference. */
    static Set<String> names() {
        return VARIABLES.keySet();
    }

    private static Map<String, Function<SecureRandom, String>> variables() {
        Map<String, Function<SecureRandom, String>> v = new LinkedHashMap<>();
        v.put("HERALD_DEMO_DINGTALK_TOKEN", r -> hex(r, 32));
        v.put("HERALD_DEMO_DINGTALK_SECRET", r -> "SEC" + hex(r, 32));
        v.put("HERALD_DEMO_FEISHU_SECRET", r -> alphanumeric(r, 22));
        v.put("HERALD_DEMO_WECOM_KEY", r -> UUID.randomUUID().toString());
        v.put(
                "HERALD_DEMO_SLACK_WEBHOOK_URL",
                r -> "%s/slack/services/T0" + upper(r, 9) + "/B0" + upper(r, 9) + "/" + alphanumeric(r, 24));
        v.put("HERALD_DEMO_WEBHOOK_SECRET", r -> "whsec_" + base64(r, 24));
        v.put("HERALD_DEMO_TENCENT_SECRET_ID", r -> "AKID" + alphanumeric(r, 32));
        v.put("HERALD_DEMO_TENCENT_SECRET_KEY", r -> alphanumeric(r, 32));
        v.put("HERALD_DEMO_DOGECLOUD_ACCESS_KEY", r -> hex(r, 8));
        v.put("HERALD_DEMO_DOGECLOUD_SECRET_KEY", r -> hex(r, 16));
        v.put("HERALD_DEMO_ALIBABA_ACCESS_KEY_ID", r -> "LTAI" + alphanumeric(r, 20));
        v.put("HERALD_DEMO_ALIBABA_ACCESS_KEY_SECRET", r -> alphanumeric(r, 30));
        return Collections.unmodifiableMap(v);
    }

    private static String hex(SecureRandom random, int bytes) {
        byte[] b = new byte[bytes];
        random.nextBytes(b);
        return HexFormat.of().formatHex(b);
    }

    private static String base64(SecureRandom random, int bytes) {
        byte[] b = new byte[bytes];
        random.nextBytes(b);
        return Base64.getEncoder().encodeToString(b);
    }

    private static String alphanumeric(SecureRandom random, int length) {
        return pick(random, length, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789");
    }

    private static String upper(SecureRandom random, int length) {
        return pick(random, length, "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789");
    }

    private static String pick(SecureRandom random, int length, String alphabet) {
        StringBuilder text = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            text.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        return text.toString();
    }
}
