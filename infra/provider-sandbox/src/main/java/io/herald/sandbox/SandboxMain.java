package io.herald.sandbox;

import io.herald.sandbox.time.SntpResponder;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.CountDownLatch;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the provider sandbox as its own process until SIGTERM (options: {@code USAGE}). {@code --channels} serves every
 * channel of a Herald channel catalog whose endpoint is this sandbox, with the credentials its references resolve to in
 * this process's environment ({@link ProviderSandbox#registerCatalogContent}). Logs one line per request with
 * credentials masked; faults are injected over HTTP ({@code POST /_sandbox/faults}).
 */
public final class SandboxMain {

    static final String USAGE = """
            usage: SandboxMain [--host 127.0.0.1] [--port 18080] [--sntp-port N] [--channels FILE [--base-url URL]]
              --host H               address to bind (default 127.0.0.1; 0.0.0.0 in a container)
              --port N               HTTP port (default 18080; 0 = any free port)
              --sntp-port N          also answer SNTP (UDP) on this port with the host clock (default: off; 0 = any)
              --channels FILE        serve every channel of this Herald channel catalog (config/channels.yml format)
                                     whose endpoint is this sandbox; {{sandbox}} in it stands for the base URL;
                                     credentials come from the same env:/file: references the signer resolves
              --base-url URL         the sandbox's URL as the catalog's services reach it, e.g. http://sandbox:18080
                                     (default http://127.0.0.1:PORT)
            Faults: POST /_sandbox/faults {"provider":"webhook","status":503,"durationMs":180000}, GET and DELETE
            /_sandbox/faults[/ID]; fields provider, pathPrefix, status, delayMs, reset, body, headers, count, durationMs.""";

    private static final Logger log = LoggerFactory.getLogger(SandboxMain.class);

    /**
     * A parsed command line; {@code sntpPort} is -1 when no SNTP responder is wanted, {@code channels} and
     * {@code baseUrl} are {@code null} when not given.
     */
    record Options(String host, int port, int sntpPort, Path channels, URI baseUrl) {}

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
        log.info("Provider sandbox listening on {} for {}", sandbox.baseUri(), sandbox.providerIds());
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
                default -> throw new IllegalArgumentException("unknown argument '" + arg + "'");
            }
        }
        if (baseUrl != null && channels == null) {
            throw new IllegalArgumentException("--base-url only matters with --channels");
        }
        return new Options(host, port, sntpPort, channels, baseUrl);
    }

    private static URI baseUrl(String value) {
        URI uri;
        try {
            uri = new URI(value);
        } catch (URISyntaxException e) {
            uri = null;
        }
        if (uri == null || uri.getHost() == null || !"http".equalsIgnoreCase(uri.getScheme())) {
            throw new IllegalArgumentException(
                    "--base-url must be an http URL such as http://sandbox:18080, was '" + value + "'");
        }
        return uri;
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
}
