package io.herald.sandbox;

import io.herald.sandbox.dingtalk.ErrmsgStyle;
import java.io.IOException;
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
 * java -cp ... io.herald.sandbox.SandboxMain --port 18080 \
 *     --dingtalk-robot TOKEN=env:DINGTALK_SECRET [--dingtalk-robot TOKEN2=file:/run/secret] [--dingtalk-errmsg legacy]
 * </pre>
 *
 * A robot's secret reference is {@code env:VAR}, {@code file:/path} or a literal; {@code TOKEN} alone (or
 * {@code TOKEN=}) is a robot without signing. Logs one line per request with credentials masked.
 */
public final class SandboxMain {

    static final String USAGE = """
            usage: SandboxMain [--port 18080] [--dingtalk-robot TOKEN[=SECRET_REF]]... [--dingtalk-errmsg current|legacy]
              --port N               port on 127.0.0.1 (default 18080; 0 = any free port)
              --dingtalk-robot T=REF a DingTalk robot; REF is env:VAR, file:/path or a literal secret; T alone = no signing
              --dingtalk-errmsg S    which generation of DingTalk errmsg texts to answer with (default current)""";

    private static final Logger log = LoggerFactory.getLogger(SandboxMain.class);

    /** A parsed command line. */
    record Options(int port, List<Robot> robots, ErrmsgStyle errmsgStyle) {}

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
        ProviderSandbox sandbox = ProviderSandbox.start(options.port(), Clock.systemUTC());
        Runtime.getRuntime().addShutdownHook(new Thread(sandbox::close, "sandbox-shutdown"));
        sandbox.dingTalkErrmsgStyle(options.errmsgStyle());
        options.robots().forEach(robot -> sandbox.addDingTalkRobot(robot.accessToken(), robot.secret()));
        log.info(
                "Provider sandbox listening on {} (DingTalk robot endpoint {}), robots: {}",
                sandbox.baseUri(),
                sandbox.dingTalkEndpoint(),
                options.robots());
        new CountDownLatch(1).await(); // until SIGTERM; the shutdown hook closes the server
    }

    static Options parse(String[] args, Function<String, String> env) {
        int port = 18080;
        List<Robot> robots = new ArrayList<>();
        ErrmsgStyle style = ErrmsgStyle.CURRENT;
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
                case "--port" -> {
                    value = value != null ? value : next(args, ++i, name);
                    try {
                        port = Integer.parseInt(value);
                    } catch (NumberFormatException e) {
                        throw new IllegalArgumentException("--port must be a number, was '" + value + "'");
                    }
                    if (port < 0 || port > 65535) {
                        throw new IllegalArgumentException("--port must be 0..65535, was " + port);
                    }
                }
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
                default -> throw new IllegalArgumentException("unknown argument '" + arg + "'");
            }
        }
        return new Options(port, List.copyOf(robots), style);
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
