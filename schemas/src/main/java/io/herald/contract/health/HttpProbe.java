package io.herald.contract.health;

import java.io.IOException;
import java.io.PrintStream;
import java.net.HttpURLConnection;
import java.net.Proxy;
import java.net.URI;
import java.time.Duration;

/**
 * A container health check for images without a shell or curl ({@code docker-compose.yml}'s healthchecks):
 * {@code java -cp … io.herald.contract.health.HttpProbe URL [TIMEOUT_MS]} GETs the URL, directly (no proxy), and exits
 * 0 on a 2xx answer, 1 on anything else, on no answer within the timeout (default 3 s) or on a bad argument.
 */
public final class HttpProbe {

    static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(3);

    private HttpProbe() {}

    public static void main(String[] args) {
        System.exit(run(args, System.err));
    }

    /** The exit code for these arguments; one line on {@code err} says why when it is not 0. */
    static int run(String[] args, PrintStream err) {
        if (args.length < 1 || args.length > 2) {
            err.println("usage: HttpProbe URL [TIMEOUT_MS]");
            return 1;
        }
        URI uri;
        Duration timeout;
        try {
            uri = URI.create(args[0]);
            timeout = args.length == 2 ? Duration.ofMillis(Long.parseLong(args[1])) : DEFAULT_TIMEOUT;
        } catch (IllegalArgumentException e) {
            err.println("usage: HttpProbe URL [TIMEOUT_MS]: " + e.getMessage());
            return 1;
        }
        if (!"http".equals(uri.getScheme()) || timeout.isNegative() || timeout.isZero()) {
            err.println("usage: HttpProbe URL [TIMEOUT_MS]: an http:// URL and a positive timeout");
            return 1;
        }
        return probe(uri, timeout, err);
    }

    static int probe(URI uri, Duration timeout, PrintStream err) {
        HttpURLConnection connection = null;
        try {
            connection = (HttpURLConnection) uri.toURL().openConnection(Proxy.NO_PROXY);
            int millis = (int) Math.min(Integer.MAX_VALUE, timeout.toMillis());
            connection.setConnectTimeout(millis);
            connection.setReadTimeout(millis);
            connection.setUseCaches(false);
            int status = connection.getResponseCode();
            if (status >= 200 && status < 300) {
                return 0;
            }
            err.println(uri + " answered " + status);
            return 1;
        } catch (IOException e) {
            err.println(uri + " did not answer: " + e.getClass().getSimpleName());
            return 1;
        } finally {
            if (connection != null) {
                connection.disconnect();
            }
        }
    }
}
