package io.herald.sandbox.time;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.time.Clock;
import java.time.Instant;
import java.util.Objects;
import org.apache.commons.net.ntp.NtpV3Impl;
import org.apache.commons.net.ntp.NtpV3Packet;
import org.apache.commons.net.ntp.TimeStamp;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A local SNTP server (RFC 4330, server mode) on 127.0.0.1 for clock tests: it answers every client request with the
 * time of the {@link Clock} it was given, so a clock offset from the host's simulates an NTP server that is wrong
 * (or a host whose own clock drifted, seen from the other side). Packets are built with Apache Commons Net's
 * {@link NtpV3Impl}, the same classes the signer's {@code NTPUDPClient} reads them with.
 *
 * <p>Reads client datagrams (mode 3); writes one server reply (mode 4, stratum 1, reference id "HRLD") per request,
 * with originate = the client's transmit timestamp, receive = arrival and transmit = departure, both on the clock.
 */
public final class SntpResponder implements AutoCloseable {

    /** "HRLD" as the 32-bit reference identifier a stratum-1 server puts in its packets (RFC 4330 section 4). */
    static final int REFERENCE_ID = ('H' << 24) | ('R' << 16) | ('L' << 8) | 'D';

    /** Seconds from the NTP era 0 epoch (1900-01-01) to the Unix epoch. */
    private static final long NTP_UNIX_OFFSET_SECONDS = 2_208_988_800L;

    /** log2 seconds: 2^-20 s, about a microsecond. */
    private static final int PRECISION = -20;

    private static final int NTP_PACKET_BYTES = 48;

    private static final Logger log = LoggerFactory.getLogger(SntpResponder.class);

    private final DatagramSocket socket;
    private final Clock clock;
    private final int port;
    private final Thread loop;

    private SntpResponder(DatagramSocket socket, Clock clock) {
        this.socket = socket;
        this.clock = clock;
        this.port = socket.getLocalPort();
        this.loop = Thread.ofPlatform().daemon().name("sntp-responder-" + port).start(this::serve);
    }

    /** Starts answering on 127.0.0.1:{@code port} (0 = any free port) with {@code clock}'s time. */
    public static SntpResponder start(int port, Clock clock) {
        return start("127.0.0.1", port, clock);
    }

    /** As {@link #start(int, Clock)} on another address (e.g. "0.0.0.0" in a container). */
    public static SntpResponder start(String host, int port, Clock clock) {
        Objects.requireNonNull(clock, "clock");
        try {
            DatagramSocket socket = new DatagramSocket(new InetSocketAddress(InetAddress.getByName(host), port));
            return new SntpResponder(socket, clock);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the SNTP responder on " + host + ":" + port, e);
        }
    }

    /** The UDP port it answers on (still known after {@link #close()}). */
    public int port() {
        return port;
    }

    @Override
    public void close() {
        socket.close();
        try {
            loop.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void serve() {
        byte[] buffer = new byte[512];
        while (!socket.isClosed()) {
            DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
            try {
                socket.receive(packet);
                TimeStamp received = ntpTime(clock.instant());
                if (packet.getLength() < NTP_PACKET_BYTES) {
                    continue; // not an NTP packet: a server silently drops it
                }
                NtpV3Impl request = new NtpV3Impl();
                request.setDatagramPacket(packet);
                if (request.getMode() != NtpV3Packet.MODE_CLIENT) {
                    continue; // RFC 4330 section 5: a server answers client-mode requests only
                }
                DatagramPacket reply = reply(request, received).getDatagramPacket();
                reply.setSocketAddress(packet.getSocketAddress());
                socket.send(reply);
            } catch (SocketException closed) {
                if (!socket.isClosed()) {
                    log.warn("SNTP responder socket failed", closed);
                }
                return;
            } catch (IOException | RuntimeException e) {
                log.warn("SNTP responder could not answer a request", e);
            }
        }
    }

    private NtpV3Impl reply(NtpV3Impl request, TimeStamp received) {
        NtpV3Impl reply = new NtpV3Impl();
        reply.setLeapIndicator(NtpV3Packet.LI_NO_WARNING);
        // RFC 4330 section 5: copy the version number from the request, mode 4 (server).
        reply.setVersion(request.getVersion() == 0 ? NtpV3Packet.VERSION_4 : request.getVersion());
        reply.setMode(NtpV3Packet.MODE_SERVER);
        reply.setStratum(1);
        reply.setPoll(request.getPoll());
        reply.setPrecision(PRECISION);
        reply.setRootDelay(0);
        reply.setRootDispersion(1 << 4); // 16/65536 s, about 0.24 ms (NTP short format)
        reply.setReferenceId(REFERENCE_ID);
        reply.setReferenceTime(received);
        reply.setOriginateTimeStamp(request.getTransmitTimeStamp());
        reply.setReceiveTimeStamp(received);
        reply.setTransmitTime(ntpTime(clock.instant()));
        return reply;
    }

    /** An NTP 64-bit timestamp (era 0) with sub-millisecond precision, unlike {@link TimeStamp#getNtpTime(long)}. */
    static TimeStamp ntpTime(Instant instant) {
        long seconds = instant.getEpochSecond() + NTP_UNIX_OFFSET_SECONDS;
        long fraction = (((long) instant.getNano()) << 32) / 1_000_000_000L;
        return new TimeStamp((seconds << 32) | fraction);
    }
}
