package io.herald.signer.clock;

import java.io.IOException;
import java.net.InetAddress;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.apache.commons.net.ntp.NTPUDPClient;
import org.apache.commons.net.ntp.NtpV3Packet;
import org.apache.commons.net.ntp.TimeInfo;

/**
 * Reads one SNTP server with Apache Commons Net's {@link NTPUDPClient} and turns the answer into a
 * {@link ClockSample}: offset as computed by RFC 4330 (section 5) and error = round-trip delay / 2 + the server's
 * root delay / 2 + its root dispersion.
 *
 * <p>Commons Net stamps the request and the answer with the JVM's system clock; the offset is converted to the
 * signer's host clock (which differs from it only by {@code simulated-host-skew}, a testing knob).
 */
final class SntpSource {

    /** host and port of one server. */
    public record Server(String host, int port) {
        public String sourceName() {
            return "sntp:" + host + ":" + port;
        }
    }

    private SntpSource() {}

    /** Parses {@code host} or {@code host:port}; errors name the property. */
    public static Server parse(String server) {
        String property = "herald.signer.clock.sntp-servers";
        if (server == null || server.isBlank()) {
            throw new IllegalArgumentException(property + ": an entry is empty");
        }
        String s = server.strip();
        int colon = s.lastIndexOf(':');
        if (colon < 0 || s.startsWith("[") && !s.contains("]:")) {
            return new Server(s, NtpV3Packet.NTP_PORT);
        }
        try {
            int port = Integer.parseInt(s.substring(colon + 1));
            if (port < 1 || port > 65535) {
                throw new NumberFormatException();
            }
            return new Server(s.substring(0, colon).replace("[", "").replace("]", ""), port);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(property + ": '" + s + "' is not host or host:port");
        }
    }

    /**
     * Queries {@code server} once.
     *
     * @param host the signer's host clock, to stamp the sample
     * @param skew how far that host clock is from the system clock Commons Net uses (host = system + skew)
     */
    public static ClockSample query(Server server, Duration timeout, Clock host, Duration skew) throws IOException {
        NTPUDPClient client = new NTPUDPClient();
        client.setDefaultTimeout(timeout);
        try {
            client.open();
            client.setSoTimeout(timeout);
            TimeInfo info = client.getTime(InetAddress.getByName(server.host()), server.port());
            info.computeDetails();
            if (info.getOffset() == null || info.getDelay() == null) {
                throw new IOException(
                        "answer without usable timestamps (" + String.join("; ", info.getComments()) + ")");
            }
            NtpV3Packet message = info.getMessage();
            if (message.getStratum() == 0 || message.getLeapIndicator() == NtpV3Packet.LI_ALARM_CONDITION) {
                throw new IOException("server is not synchronized (stratum " + message.getStratum() + ")");
            }
            Duration systemOffset = Duration.ofMillis(info.getOffset());
            Duration delay = Duration.ofMillis(Math.max(0, info.getDelay()));
            Duration rootDelay = Duration.ofNanos((long) (message.getRootDelayInMillisDouble() * 1_000_000));
            Duration rootDispersion = Duration.ofNanos((long) (message.getRootDispersionInMillisDouble() * 1_000_000));
            // commons-net works in whole milliseconds: add one for its rounding
            Duration error = delay.dividedBy(2)
                    .plus(rootDelay.dividedBy(2))
                    .plus(rootDispersion)
                    .plusMillis(1);
            Instant takenAt = host.instant();
            return new ClockSample(server.sourceName(), systemOffset.minus(skew), error, takenAt);
        } finally {
            client.close();
        }
    }
}
