package io.herald.signer.clock;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

/**
 * Reads the {@code Date} header (RFC 9110, section 6.6.1: whole seconds, the origin's clock) of a provider's origin
 * with a {@code HEAD /} request, stamped before and after with the host clock. Any answer counts, even 404 or 405:
 * only its {@code Date} matters. The sample's offset is {@code Date - midpoint} and its error half the round trip
 * plus one second (the header's resolution); the offset is centred on {@code Date + 0.5 s}. Credentials never go into a probe: only the origin is contacted.
 */
final class DateProbe {

    private final HttpClient http;
    private final Clock host;
    private final Duration timeout;

    public DateProbe(Clock host, Duration timeout) {
        this.host = host;
        this.timeout = timeout;
        this.http = HttpClient.newBuilder()
                .connectTimeout(timeout)
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
    }

    /** {@code scheme://host:port/} of an endpoint: no user info, as it names a clock source in health and metrics. */
    public static URI origin(URI endpoint) {
        int port = endpoint.getPort();
        return URI.create(endpoint.getScheme() + "://" + endpoint.getHost() + (port < 0 ? "" : ":" + port) + "/");
    }

    public static String sourceName(URI origin) {
        String o = origin.toString();
        return "http:" + (o.endsWith("/") ? o.substring(0, o.length() - 1) : o);
    }

    public ClockSample probe(URI origin) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(origin)
                .method("HEAD", HttpRequest.BodyPublishers.noBody())
                .timeout(timeout)
                .header("User-Agent", "herald-signer-clock")
                .build();
        Instant sent = host.instant();
        HttpResponse<Void> response = http.send(request, HttpResponse.BodyHandlers.discarding());
        Instant received = host.instant();
        String date = response.headers()
                .firstValue("Date")
                .orElseThrow(() -> new IOException("answer " + response.statusCode() + " has no Date header"));
        Instant serverTime;
        try {
            serverTime = ZonedDateTime.parse(date, DateTimeFormatter.RFC_1123_DATE_TIME)
                    .toInstant();
        } catch (DateTimeParseException e) {
            throw new IOException("Date header is not an HTTP date: " + date);
        }
        return sample(sourceName(origin), sent, received, serverTime);
    }

    /** The sample for a {@code Date} of {@code serverTime} on an exchange sent and received at the given host times. */
    public static ClockSample sample(String source, Instant sent, Instant received, Instant serverTime) {
        Duration roundTrip = Duration.between(sent, received);
        Instant midpoint = sent.plus(roundTrip.dividedBy(2));
        // the header truncates to whole seconds: the server's time was in [Date, Date + 1 s), so centre on Date + 0.5 s
        // (else every HTTP sample reads half a second slow); the error keeps a full second for the resolution
        Duration error = roundTrip.abs().dividedBy(2).plusSeconds(1);
        return new ClockSample(source, Duration.between(midpoint, serverTime.plusMillis(500)), error, received);
    }
}
