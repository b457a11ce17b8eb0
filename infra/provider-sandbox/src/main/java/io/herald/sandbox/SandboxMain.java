package io.herald.sandbox;

import io.herald.sandbox.dingtalk.ErrmsgStyle;
import io.herald.sandbox.time.SntpResponder;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the provider sandbox as its own process until SIGTERM:
 *
 * <pre>
 * java -jar provider-sandbox-all.jar [--host 0.0.0.0] --port 18080 [--sntp-port 10123] \
 *     --dingtalk-robot TOKEN=env:DINGTALK_SECRET [--dingtalk-robot TOKEN2=file:/run/secret] [--dingtalk-errmsg legacy]
 * java -jar provider-sandbox-all.jar --port 18080 --channels config/channels.yml
 * </pre>
 *
 * A robot's secret reference is {@code env:VAR}, {@code file:/path} or a literal; {@code TOKEN} alone (or
 * {@code TOKEN=}) is a robot without signing. {@code --channels} serves every channel of a Herald channel catalog
 * whose endpoint is this sandbox, with the credentials its references resolve to in this process's environment (see
 * {@link ProviderSandbox#registerCatalogContent}). Logs one line per request with credentials masked; faults are
 * injected over HTTP ({@code POST /_sandbox/faults}).
 */
public final class SandboxMain {

    static final String USAGE = """
            usage: SandboxMain [--host 127.0.0.1] [--port 18080] [--sntp-port N] [--channels FILE [--base-url URL]]
                               [--dingtalk-robot TOKEN[=SECRET_REF]]... [--dingtalk-errmsg current|legacy] [...]
              --host H               address to bind (default 127.0.0.1; 0.0.0.0 in a container)
              --port N               HTTP port (default 18080; 0 = any free port)
              --sntp-port N          also answer SNTP (UDP) on this port with the host clock (default: off; 0 = any)
              --channels FILE        serve every channel of this Herald channel catalog (config/channels.yml format)
                                     whose endpoint is this sandbox; {{sandbox}} in it stands for the base URL;
                                     credentials come from the same env:/file: references the signer resolves
              --base-url URL         the sandbox's URL as the catalog's services reach it, e.g. http://sandbox:18080
                                     (default http://127.0.0.1:PORT)
              --dingtalk-robot T=REF a DingTalk robot; REF is env:VAR, file:/path or a literal secret; T alone = no signing
              --dingtalk-errmsg S    which generation of DingTalk errmsg texts to answer with (default current)
              --feishu-bot T[=REF]   a Feishu/Lark custom bot (hook token T, signing secret REF; T alone = no signing)
              --wecom-robot KEY      a WeCom group robot
              --slack-webhook T/B/X  a Slack incoming webhook (the part after /services/)
              --webhook P=REF[,REF]  a Standard Webhooks endpoint at /webhook/P; each REF resolves to a whsec_ secret
              --tencentcloud-key ID=REF  a Tencent Cloud SecretId and its SecretKey
              --dogecloud-key AK=REF     a DogeCloud AccessKey and its SecretKey
            REF is env:VAR, file:/path or a literal.
            Faults: POST /_sandbox/faults {"provider":"webhook","status":503,"durationMs":180000}, GET and DELETE
            /_sandbox/faults[/ID]; fields provider, pathPrefix, status, delayMs, reset, body, headers, count, durationMs.""";

    private static final Logger log = LoggerFactory.getLogger(SandboxMain.class);

    /**
     * A parsed command line; {@code sntpPort} is -1 when no SNTP responder is wanted, {@code channels} and
     * {@code baseUrl} are {@code null} when not given.
     */
    record Options(
            String host,
            int port,
            int sntpPort,
            List<Robot> robots,
            ErrmsgStyle errmsgStyle,
            List<Registration> registrations,
            Path channels,
            URI baseUrl) {}

    /**
     * A credential for one of the other providers; {@code secrets} is empty for a Feishu bot without signing, a WeCom
     * robot and a Slack webhook.
     */
    record Registration(String option, String id, List<String> secrets) {
        @Override
        public String toString() {
            return option.substring(2) + "[" + Masking.mask(id) + (secrets.isEmpty() ? "" : ", " + secrets.size() + " secret(s)") + "]";
        }

        void applyTo(ProviderSandbox sandbox) {
            switch (option) {
                case "--feishu-bot" -> sandbox.addFeishuBot(id, secrets.isEmpty() ? null : secrets.getFirst());
                case "--wecom-robot" -> sandbox.addWeComRobot(id);
                case "--slack-webhook" -> sandbox.addSlackWebhook(id);
                case "--webhook" -> sandbox.addStandardWebhookEndpoint(id, secrets);
                case "--tencentcloud-key" -> sandbox.addTencentCloudKey(id, secrets.getFirst());
                case "--dogecloud-key" -> sandbox.addDogeCloudKey(id, secrets.getFirst());
                default -> throw new IllegalStateException(option);
            }
        }
    }

    /** A DingTalk robot from the command line; {@code secret} is {@code null} for a robot without signing. */
    record Robot(String accessToken, String secret) {
        @Override
        public String toString() {
            return "Robot[" + Masking.mask(accessToken) + (secret == null ? ", no signing]" : ", signed]");
        }
    }

    private SandboxMain() {}

    public static void main(String[] args) throws InterruptedException {
        Options options;
        try {
            options = parse(args, System::getenv);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.err.println(USAGE);
            System.exit(2);
            return;
        }
        ProviderSandbox sandbox = ProviderSandbox.start(
                options.host(), options.port(), Clock.systemUTC(), ProviderSandbox.DEFAULT_MAX_RECORDS);
        Runtime.getRuntime().addShutdownHook(new Thread(sandbox::close, "sandbox-shutdown"));
        if (options.sntpPort() >= 0) {
            SntpResponder sntp = SntpResponder.start(options.host(), options.sntpPort(), Clock.systemUTC());
            Runtime.getRuntime().addShutdownHook(new Thread(sntp::close, "sntp-shutdown"));
            log.info("SNTP responder listening on {}:{} (UDP)", options.host(), sntp.port());
        }
        sandbox.dingTalkErrmsgStyle(options.errmsgStyle());
        options.robots().forEach(robot -> sandbox.addDingTalkRobot(robot.accessToken(), robot.secret()));
        options.registrations().forEach(registration -> registration.applyTo(sandbox));
        if (options.channels() != null) {
            try {
                serveCatalog(sandbox, options, System::getenv);
            } catch (IllegalArgumentException e) {
                System.err.println(e.getMessage());
                sandbox.close();
                System.exit(2);
                return;
            }
        }
        log.info(
                "Provider sandbox listening on {} (DingTalk robot endpoint {}), robots: {}, other providers: {}",
                sandbox.baseUri(),
                sandbox.dingTalkEndpoint(),
                options.robots(),
                options.registrations());
        new CountDownLatch(1).await(); // until SIGTERM; the shutdown hook closes the server
    }

    /** Registers the catalog's channels and logs which are served; the caller decides what a bad catalog means. */
    static CatalogRegistration serveCatalog(ProviderSandbox sandbox, Options options, Function<String, String> env) {
        URI sandboxUrl = options.baseUrl() != null ? options.baseUrl() : sandbox.baseUri();
        CatalogRegistration registration = sandbox.registerCatalog(options.channels(), env, sandboxUrl);
        log.info(
                "Serving {} channel(s) of {} at {}: {}; {} channel(s) elsewhere",
                registration.served().size(),
                options.channels(),
                sandboxUrl,
                registration.served(),
                registration.ignored().size());
        return registration;
    }

    static Options parse(String[] args, Function<String, String> env) {
        String host = "127.0.0.1";
        int port = 18080;
        int sntpPort = -1;
        List<Robot> robots = new ArrayList<>();
        ErrmsgStyle style = ErrmsgStyle.CURRENT;
        List<Registration> registrations = new ArrayList<>();
        Path channels = null;
        URI baseUrl = null;
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            String name = arg;
            String value = null;
            int eq = arg.indexOf('=');
            if (arg.startsWith("--") && eq > 0) {
                name = arg.substring(0, eq);
                value = arg.substring(eq + 1);
            }
            switch (name) {
                case "--host" -> {
                    host = value != null ? value : next(args, ++i, name);
                    if (host.isBlank()) {
                        throw new IllegalArgumentException("--host must not be empty");
                    }
                }
                case "--port" -> port = port(name, value != null ? value : next(args, ++i, name));
                case "--sntp-port" -> sntpPort = port(name, value != null ? value : next(args, ++i, name));
                case "--channels" -> {
                    String file = value != null ? value : next(args, ++i, name);
                    if (file.isBlank()) {
                        throw new IllegalArgumentException("--channels needs a file");
                    }
                    channels = Path.of(file);
                }
                case "--base-url" -> baseUrl = baseUrl(value != null ? value : next(args, ++i, name));
                case "--dingtalk-robot" -> robots.add(robot(value != null ? value : next(args, ++i, name), env));
                case "--dingtalk-errmsg" -> {
                    value = value != null ? value : next(args, ++i, name);
                    try {
                        style = ErrmsgStyle.valueOf(value.toUpperCase(Locale.ROOT));
                    } catch (IllegalArgumentException e) {
                        throw new IllegalArgumentException(
                                "--dingtalk-errmsg must be current or legacy, was '" + value + "'");
                    }
                }
                case "--feishu-bot" -> registrations.add(registration(name, value != null ? value : next(args, ++i, name), false, false, env));
                case "--wecom-robot", "--slack-webhook" ->
                    registrations.add(registration(name, value != null ? value : next(args, ++i, name), false, false, env));
                case "--webhook" -> registrations.add(registration(name, value != null ? value : next(args, ++i, name), true, true, env));
                case "--tencentcloud-key", "--dogecloud-key" ->
                    registrations.add(registration(name, value != null ? value : next(args, ++i, name), true, false, env));
                default -> throw new IllegalArgumentException("unknown argument '" + arg + "'");
            }
        }
        if (baseUrl != null && channels == null) {
            throw new IllegalArgumentException("--base-url only matters with --channels");
        }
        return new Options(host, port, sntpPort, List.copyOf(robots), style, List.copyOf(registrations), channels, baseUrl);
    }

    private static URI baseUrl(String value) {
        URI uri;
        try {
            uri = new URI(value);
        } catch (URISyntaxException e) {
            uri = null;
        }
        if (uri == null || uri.getHost() == null || !"http".equalsIgnoreCase(uri.getScheme())) {
            throw new IllegalArgumentException("--base-url must be an http URL such as http://sandbox:18080, was '" + value + "'");
        }
        return uri;
    }

    /** {@code ID[=REF[,REF…]]}: the secret part is required or allowed per option; several only for --webhook. */
    private static Registration registration(
            String option, String spec, boolean secretRequired, boolean several, Function<String, String> env) {
        int eq = spec.indexOf('=');
        String id = eq < 0 ? spec : spec.substring(0, eq);
        if (id.isBlank()) {
            throw new IllegalArgumentException(option + " needs an id before '='");
        }
        String refs = eq < 0 ? "" : spec.substring(eq + 1);
        if (refs.isEmpty() && secretRequired) {
            throw new IllegalArgumentException(option + " needs ID=SECRET_REF");
        }
        if (!refs.isEmpty() && (option.equals("--wecom-robot") || option.equals("--slack-webhook"))) {
            throw new IllegalArgumentException(option + " takes no secret");
        }
        List<String> secrets = new ArrayList<>();
        if (!refs.isEmpty()) {
            for (String ref : several ? refs.split(",") : new String[] {refs}) {
                secrets.add(resolveSecret(ref, env, option.substring(2) + " " + Masking.mask(id)));
            }
        }
        return new Registration(option, id, List.copyOf(secrets));
    }

    private static int port(String name, String value) {
        int port;
        try {
            port = Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " must be a number, was '" + value + "'");
        }
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException(name + " must be 0..65535, was " + port);
        }
        return port;
    }

    private static String next(String[] args, int i, String name) {
        if (i >= args.length) {
            throw new IllegalArgumentException(name + " needs a value");
        }
        return args[i];
    }

    private static Robot robot(String spec, Function<String, String> env) {
        int eq = spec.indexOf('=');
        String token = eq < 0 ? spec : spec.substring(0, eq);
        if (token.isBlank()) {
            throw new IllegalArgumentException("--dingtalk-robot needs TOKEN[=SECRET_REF], got an empty token");
        }
        String secretRef = eq < 0 ? "" : spec.substring(eq + 1);
        String secret = secretRef.isEmpty() ? null : resolveSecret(secretRef, env, "robot " + Masking.mask(token));
        return new Robot(token, secret);
    }

    /**
     * Resolves {@code env:VAR} (the variable must be set), {@code file:/path} (content, trailing whitespace
     * removed) or a literal. Error messages name the variable or file, never the secret.
     */
    static String resolveSecret(String ref, Function<String, String> env, String what) {
        if (ref.startsWith("env:")) {
            String variable = ref.substring("env:".length());
            String value = env.apply(variable);
            if (value == null || value.isEmpty()) {
                throw new IllegalArgumentException(
                        "environment variable " + variable + " (secret of " + what + ") is not set");
            }
            return value;
        }
        if (ref.startsWith("file:")) {
            Path file = Path.of(ref.substring("file:".length()));
            try {
                String value = Files.readString(file).stripTrailing();
                if (value.isEmpty()) {
                    throw new IllegalArgumentException("secret file " + file + " (secret of " + what + ") is empty");
                }
                return value;
            } catch (IOException e) {
                throw new IllegalArgumentException(
                        "cannot read secret file " + file + " (secret of " + what + "): "
                                + e.getClass().getSimpleName());
            }
        }
        return ref;
    }
}
