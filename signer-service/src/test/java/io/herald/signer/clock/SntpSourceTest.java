package io.herald.signer.clock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.SocketTimeoutException;
import java.time.Clock;
import java.time.Duration;
import org.apache.commons.net.ntp.NtpV3Impl;
import org.apache.commons.net.ntp.NtpV3Packet;
import org.apache.commons.net.ntp.TimeStamp;
import org.junit.jupiter.api.Test;

class SntpSourceTest {

    @Test
    void serverIsHostOrHostAndPort() {
        assertThat(SntpSource.parse("time.example.org")).isEqualTo(new SntpSource.Server("time.example.org", 123));
        assertThat(SntpSource.parse("127.0.0.1:12300")).isEqualTo(new SntpSource.Server("127.0.0.1", 12300));
        assertThatThrownBy(() -> SntpSource.parse("ntp:abc"))
                .hasMessage("herald.signer.clock.sntp-servers: 'ntp:abc' is not host or host:port");
    }

    @Test
    void offsetIsMeasuredAgainstTheSignersSkewedHostClock() throws Exception {
        // a server giving true time (the system clock); the signer's host clock is 2 hours ahead of it
        try (DatagramSocket socket = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            Thread responder = Thread.ofVirtual().start(() -> answerOnce(socket));
            Duration skew = Duration.ofHours(2);
            Clock host = Clock.offset(Clock.systemUTC(), skew);

            ClockSample sample = SntpSource.query(
                    new SntpSource.Server("127.0.0.1", socket.getLocalPort()), Duration.ofSeconds(2), host, skew);

            responder.join();
            assertThat(sample.source()).isEqualTo("sntp:127.0.0.1:" + socket.getLocalPort());
            assertThat(sample.offset())
                    .isBetween(
                            Duration.ofHours(-2).minusMillis(100),
                            Duration.ofHours(-2).plusMillis(100));
            assertThat(sample.error()).isLessThan(Duration.ofMillis(100));
        }
    }

    @Test
    void silentServerTimesOut() throws Exception {
        try (DatagramSocket socket = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            assertThatThrownBy(() -> SntpSource.query(
                            new SntpSource.Server("127.0.0.1", socket.getLocalPort()),
                            Duration.ofMillis(200),
                            Clock.systemUTC(),
                            Duration.ZERO))
                    .isInstanceOf(SocketTimeoutException.class);
        }
    }

    /** A minimal SNTP server (RFC 4330, section 6) answering one request with the system time. */
    private static void answerOnce(DatagramSocket socket) {
        try {
            NtpV3Impl request = new NtpV3Impl();
            DatagramPacket in = request.getDatagramPacket();
            socket.receive(in);
            TimeStamp received = TimeStamp.getCurrentTime();
            NtpV3Impl answer = new NtpV3Impl();
            answer.setMode(NtpV3Packet.MODE_SERVER);
            answer.setVersion(NtpV3Packet.VERSION_3);
            answer.setLeapIndicator(NtpV3Packet.LI_NO_WARNING);
            answer.setStratum(1);
            answer.setReferenceId(0x4c4f434c); // "LOCL"
            answer.setOriginateTimeStamp(request.getTransmitTimeStamp());
            answer.setReceiveTimeStamp(received);
            answer.setReferenceTime(received);
            answer.setTransmitTime(TimeStamp.getCurrentTime());
            DatagramPacket out = answer.getDatagramPacket();
            out.setAddress(in.getAddress());
            out.setPort(in.getPort());
            socket.send(out);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
