package io.herald.sandbox;

import io.herald.sandbox.dingtalk.DingTalkRobotHandler;
import io.herald.sandbox.dogecloud.DogeCloudHandler;
import io.herald.sandbox.feishu.FeishuBotHandler;
import io.herald.sandbox.slack.SlackWebhookHandler;
import io.herald.sandbox.tencentcloud.TencentCloudHandler;
import io.herald.sandbox.webhook.StandardWebhookHandler;
import io.herald.sandbox.webhook.StandardWebhookSignature;
import io.herald.sandbox.wecom.WeComRobotHandler;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.DuplicateKeyException;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;

/**
 * Makes the sandbox accept every channel of a Herald channel catalog ({@code herald.channels.<name>}: provider,
 * endpoint, credential references; see {@code config/channels.yml}) whose endpoint is the sandbox: it resolves the
 * credentials from the same {@code env:}/{@code file:} references the signer uses and registers each robot, bot, key
 * or endpoint with the provider's handler. {@value #PLACEHOLDER} in the catalog stands for the sandbox's URL. Channels
 * elsewhere are skipped with one log line each. The whole catalog is checked before anything is registered; every
 * problem is reported with its property ({@code herald.channels.ops.credentials.secret: environment variable X is not
 * set}), never with a credential.
 *
 * <p>Per provider, the endpoint path the sandbox serves and the credentials it needs (the signer's names):
 * dingtalk {@code /dingtalk/robot/send} + access-token, secret; feishu {@code /feishu/open-apis/bot/v2/hook/<token>}
 * + optional secret; wecom {@code /wecom/cgi-bin/webhook/send} + key; slack (endpoint = the sandbox's origin) +
 * webhook-url {@code <sandbox>/slack/services/T/B/X}; webhook {@code /webhook/<path>} + secret (whsec_…, comma
 * separated); tencentcloud {@code /tencentcloud[/…]} + secret-id, secret-key; dogecloud {@code /dogecloud} +
 * access-key, secret-key.
 */
final class CatalogRegistrar {

    /** The catalog's placeholder for the sandbox's base URL, as in the local stack's catalogs. */
    static final String PLACEHOLDER = "{{sandbox}}";

    private static final Logger log = LoggerFactory.getLogger(CatalogRegistrar.class);
    private static final List<String> PROVIDERS = List.of(
            DingTalkRobotHandler.PROVIDER,
            FeishuBotHandler.PROVIDER,
            WeComRobotHandler.PROVIDER,
            SlackWebhookHandler.PROVIDER,
            StandardWebhookHandler.PROVIDER,
            TencentCloudHandler.PROVIDER,
            DogeCloudHandler.PROVIDER);
    private static final Pattern SLACK_HOOK = Pattern.compile("[^/]+/[^/]+/[^/]+");

    private final ProviderSandbox sandbox;
    private final URI sandboxUrl;
    private final Function<String, String> environment;
    private final List<String> problems = new ArrayList<>();
    private final List<Runnable> registrations = new ArrayList<>();
    private final Map<String, String> served = new LinkedHashMap<>();
    private final Map<String, String> ignored = new LinkedHashMap<>();

    private CatalogRegistrar(ProviderSandbox sandbox, URI sandboxUrl, Function<String, String> environment) {
        this.sandbox = sandbox;
        this.sandboxUrl = sandboxUrl;
        this.environment = environment;
    }

    /**
     * @param source     names the catalog in messages (a file name)
     * @param sandboxUrl what {@value #PLACEHOLDER} stands for, and the origin that counts as this sandbox
     * @throws IllegalArgumentException listing every problem with its property; nothing is registered then
     */
    static CatalogRegistration register(
            ProviderSandbox sandbox, String yaml, String source, Function<String, String> environment, URI sandboxUrl) {
        String base = sandboxUrl.toString().replaceAll("/+$", "");
        CatalogRegistrar registrar = new CatalogRegistrar(sandbox, URI.create(base), environment);
        registrar.read(parse(yaml.replace(PLACEHOLDER, base), source));
        if (!registrar.problems.isEmpty()) {
            throw new IllegalArgumentException(
                    "Invalid channel catalog " + source + " for the sandbox: " + String.join("; ", registrar.problems));
        }
        registrar.registrations.forEach(Runnable::run);
        return new CatalogRegistration(registrar.served, registrar.ignored);
    }

    private static Object parse(String yaml, String source) {
        LoaderOptions options = new LoaderOptions();
        options.setAllowDuplicateKeys(false); // as Spring Boot reads it
        try {
            return new Yaml(new SafeConstructor(options)).load(yaml);
        } catch (DuplicateKeyException e) {
            throw new IllegalArgumentException("channel catalog " + source + " has a duplicate key" + at(e.getProblemMark()));
        } catch (MarkedYAMLException e) {
            // the position only: the parser's message quotes the offending text, which may be a pasted secret
            throw new IllegalArgumentException("channel catalog " + source + " is not valid YAML" + at(e.getProblemMark()));
        } catch (YAMLException e) {
            throw new IllegalArgumentException("channel catalog " + source + " is not valid YAML");
        }
    }

    private static String at(Mark mark) {
        return mark == null ? "" : " (line " + (mark.getLine() + 1) + ", column " + (mark.getColumn() + 1) + ")";
    }

    private void read(Object root) {
        if (root == null) {
            return; // an empty file: no channels
        }
        if (!(root instanceof Map<?, ?> top)) {
            problems.add("the catalog must be a YAML mapping with herald.channels");
            return;
        }
        Object herald = top.get("herald");
        Object channels = herald instanceof Map<?, ?> h ? h.get("channels") : null;
        if (channels == null) {
            return;
        }
        if (!(channels instanceof Map<?, ?> byName)) {
            problems.add("herald.channels: must be a mapping of channel name to channel");
            return;
        }
        byName.forEach((name, channel) -> channel(String.valueOf(name), channel));
    }

    private void channel(String name, Object value) {
        String at = "herald.channels." + name;
        if (!(value instanceof Map<?, ?> properties)) {
            problems.add(at + ": must be a mapping with provider, endpoint and credentials");
            return;
        }
        String provider = properties.get("provider") instanceof String p ? p : null;
        if (provider == null || !PROVIDERS.contains(provider)) {
            problems.add(at + ".provider: '" + provider + "' is not one of " + String.join(", ", PROVIDERS));
            return;
        }
        URI endpoint = endpoint(at, properties.get("endpoint"));
        if (endpoint == null) {
            return;
        }
        if (!sameOrigin(endpoint, sandboxUrl)) {
            String origin = endpoint.getScheme() + "://" + endpoint.getRawAuthority();
            ignored.put(name, "its endpoint is on " + origin + ", not on the sandbox " + sandboxUrl);
            log.info("Channel {} ({}) is not served by the sandbox: its endpoint is on {}", name, provider, origin);
            return;
        }
        Map<String, String> credentials = credentials(at, properties.get("credentials"));
        if (credentials == null) {
            return;
        }
        Channel channel = new Channel(provider, at, endpoint, credentials);
        int before = registrations.size();
        switch (provider) {
            case DingTalkRobotHandler.PROVIDER -> dingTalk(channel);
            case FeishuBotHandler.PROVIDER -> feishu(channel);
            case WeComRobotHandler.PROVIDER -> weCom(channel);
            case SlackWebhookHandler.PROVIDER -> slack(channel);
            case StandardWebhookHandler.PROVIDER -> webhook(channel);
            case TencentCloudHandler.PROVIDER -> tencentCloud(channel);
            case DogeCloudHandler.PROVIDER -> dogeCloud(channel);
            default -> throw new IllegalStateException("a provider without registration: " + provider);
        }
        if (registrations.size() > before) {
            served.put(name, provider);
        }
    }

    private void dingTalk(Channel channel) {
        if (!channel.path().equals(DingTalkRobotHandler.PATH)) {
            wrongPath(channel, DingTalkRobotHandler.PATH);
            return;
        }
        String token = channel.required("access-token");
        String secret = channel.required("secret");
        if (token != null && secret != null) {
            registrations.add(() -> sandbox.addDingTalkRobot(token, secret));
        }
    }

    private void feishu(Channel channel) {
        String path = channel.path();
        String token = path.startsWith(FeishuBotHandler.PATH_PREFIX) ? path.substring(FeishuBotHandler.PATH_PREFIX.length()) : "";
        if (token.isBlank() || token.contains("/")) {
            wrongPath(channel, FeishuBotHandler.PATH_PREFIX + "<hook token>");
            return;
        }
        boolean signed = channel.credentials().containsKey("secret");
        String secret = signed ? channel.required("secret") : null;
        if (!signed || secret != null) {
            registrations.add(() -> sandbox.addFeishuBot(token, secret));
        }
    }

    private void weCom(Channel channel) {
        if (!channel.path().equals(WeComRobotHandler.PATH)) {
            wrongPath(channel, WeComRobotHandler.PATH);
            return;
        }
        String key = channel.required("key");
        if (key != null) {
            registrations.add(() -> sandbox.addWeComRobot(key));
        }
    }

    /** The whole webhook URL is the credential; the signer wants it on the endpoint's origin, here the sandbox. */
    private void slack(Channel channel) {
        String url = channel.required("webhook-url");
        if (url == null) {
            return;
        }
        String property = channel.at() + ".credentials.webhook-url";
        String expected = ": must be a URL " + sandboxUrl + SlackWebhookHandler.PATH_PREFIX + "T…/B…/X… (on the sandbox)";
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            problems.add(property + expected);
            return;
        }
        String path = uri.getRawPath() == null ? "" : uri.getRawPath();
        String hook = path.startsWith(SlackWebhookHandler.PATH_PREFIX) ? path.substring(SlackWebhookHandler.PATH_PREFIX.length()) : "";
        if (!uri.isAbsolute() || uri.getHost() == null || !sameOrigin(uri, sandboxUrl) || !SLACK_HOOK.matcher(hook).matches()) {
            problems.add(property + expected);
            return;
        }
        registrations.add(() -> sandbox.addSlackWebhook(hook));
    }

    private void webhook(Channel channel) {
        String path = channel.path();
        String endpointPath = path.startsWith(StandardWebhookHandler.PATH_PREFIX)
                ? path.substring(StandardWebhookHandler.PATH_PREFIX.length())
                : "";
        if (endpointPath.isEmpty()) {
            wrongPath(channel, StandardWebhookHandler.PATH_PREFIX + "<path>");
            return;
        }
        String value = channel.required("secret");
        if (value == null) {
            return;
        }
        // the signer's rule: one whsec_<base64> secret, or several separated by commas while rotating keys
        String[] parts = value.split(",");
        List<String> secrets = new ArrayList<>();
        for (int i = 0; i < parts.length; i++) {
            String part = parts[i].strip();
            String which = parts.length == 1 ? "" : " (secret " + (i + 1) + " of " + parts.length + ")";
            String problem = whsecProblem(part);
            if (problem != null) {
                problems.add(channel.at() + ".credentials.secret" + which + ": " + problem);
                return;
            }
            secrets.add(part);
        }
        registrations.add(() -> sandbox.addStandardWebhookEndpoint(endpointPath, secrets));
    }

    private static String whsecProblem(String secret) {
        if (!secret.startsWith(StandardWebhookSignature.SECRET_PREFIX)) {
            return "must start with " + StandardWebhookSignature.SECRET_PREFIX;
        }
        try {
            if (Base64.getDecoder().decode(secret.substring(StandardWebhookSignature.SECRET_PREFIX.length())).length == 0) {
                return "is empty after " + StandardWebhookSignature.SECRET_PREFIX;
            }
        } catch (IllegalArgumentException e) {
            return "is not Base64 after " + StandardWebhookSignature.SECRET_PREFIX;
        }
        return null;
    }

    private void tencentCloud(Channel channel) {
        String path = channel.path();
        if (!path.equals(TencentCloudHandler.PATH_PREFIX) && !path.startsWith(TencentCloudHandler.PATH_PREFIX + "/")) {
            wrongPath(channel, TencentCloudHandler.PATH_PREFIX + "/");
            return;
        }
        String secretId = channel.required("secret-id");
        String secretKey = channel.required("secret-key");
        if (secretId != null && secretKey != null) {
            registrations.add(() -> sandbox.addTencentCloudKey(secretId, secretKey));
        }
    }

    private void dogeCloud(Channel channel) {
        String path = channel.path();
        if (!path.equals(DogeCloudHandler.PATH_PREFIX) && !path.equals(DogeCloudHandler.PATH_PREFIX + "/")) {
            wrongPath(channel, DogeCloudHandler.PATH_PREFIX);
            return;
        }
        String accessKey = channel.required("access-key");
        String secretKey = channel.required("secret-key");
        if (accessKey != null && secretKey != null) {
            registrations.add(() -> sandbox.addDogeCloudKey(accessKey, secretKey));
        }
    }

    /** The path is not echoed: a Feishu endpoint carries its hook token there. */
    private void wrongPath(Channel channel, String served) {
        problems.add(channel.at() + ".endpoint: the sandbox serves " + channel.provider() + " at " + PLACEHOLDER + served);
    }

    private URI endpoint(String at, Object value) {
        URI endpoint = null;
        if (value instanceof String text) {
            try {
                endpoint = new URI(text);
            } catch (URISyntaxException e) {
                endpoint = null;
            }
        }
        if (endpoint == null
                || endpoint.getHost() == null
                || !("http".equalsIgnoreCase(endpoint.getScheme()) || "https".equalsIgnoreCase(endpoint.getScheme()))) {
            problems.add(at + ".endpoint: an absolute http(s) URL is required");
            return null;
        }
        return endpoint;
    }

    private Map<String, String> credentials(String at, Object value) {
        if (value == null) {
            return Map.of();
        }
        if (!(value instanceof Map<?, ?> references)) {
            problems.add(at + ".credentials: must be a mapping of credential name to env:VARIABLE or file:/path");
            return null;
        }
        Map<String, String> credentials = new LinkedHashMap<>();
        references.forEach((key, reference) ->
                credentials.put(String.valueOf(key), reference instanceof String r ? r : null));
        return credentials;
    }

    /** Same scheme, host and port; the loopback names (127.0.0.1, localhost, ::1) count as one host. */
    static boolean sameOrigin(URI a, URI b) {
        return a.getScheme() != null && b.getScheme() != null
                && a.getScheme().equalsIgnoreCase(b.getScheme())
                && port(a) == port(b)
                && (a.getHost().equalsIgnoreCase(b.getHost()) || loopback(a.getHost()) && loopback(b.getHost()));
    }

    private static int port(URI uri) {
        return uri.getPort() >= 0 ? uri.getPort() : "https".equalsIgnoreCase(uri.getScheme()) ? 443 : 80;
    }

    private static boolean loopback(String host) {
        String h = host.toLowerCase(Locale.ROOT).replace("[", "").replace("]", "");
        return h.equals("localhost") || h.startsWith("127.") || h.equals("::1") || h.equals("0:0:0:0:0:0:0:1");
    }

    /** One channel being read; credential problems are collected, not thrown, so every one is reported. */
    private final class Channel {
        private final String provider;
        private final String at;
        private final URI endpoint;
        private final Map<String, String> credentials;

        Channel(String provider, String at, URI endpoint, Map<String, String> credentials) {
            this.provider = provider;
            this.at = at;
            this.endpoint = endpoint;
            this.credentials = credentials;
        }

        String provider() {
            return provider;
        }

        String at() {
            return at;
        }

        String path() {
            return endpoint.getRawPath() == null ? "" : endpoint.getRawPath();
        }

        Map<String, String> credentials() {
            return credentials;
        }

        /** The resolved credential, or {@code null} after recording why it is unavailable. */
        String required(String key) {
            String property = at + ".credentials." + key;
            if (!credentials.containsKey(key)) {
                problems.add(property + ": not configured (give env:VARIABLE or file:/path)");
                return null;
            }
            try {
                return SecretReferences.resolve(property, credentials.get(key), environment);
            } catch (IllegalArgumentException e) {
                problems.add(e.getMessage());
                return null;
            }
        }
    }
}
