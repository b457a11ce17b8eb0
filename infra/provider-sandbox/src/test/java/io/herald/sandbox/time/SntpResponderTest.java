package io.herald.sandbox.time;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.net.InetAddress;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.apache.commons.net.ntp.NTPUDPClient;
import org.apache.commons.net.ntp.NtpV3Packet;
import org.apache.commons.net.ntp.TimeInfo;
import org.apache.commons.net.ntp.TimeStamp;
import org.junit.jupiter.api.Test;

/** The SNTP responder, queried with Commons Net's NTPUDPClient exactly as the signer queries NTP servers. */
class SntpResponderTest {

    static TimeInfo query(SntpResponder responder) throws Exception {
        try (NTPUDPClient client = new NTPUDPClient()) {
            client.setDefaultTimeout(Duration.ofSeconds(5));
            client.open();
            TimeInfo info = client.getTime(InetAddress.getByName("127.0.0.1"), responder.port());
            info.computeDetails();
            return info;
        }
    }

    @Test
    void trueClockGivesAnOffsetNearZero() throws Exception {
        try (SntpResponder responder = SntpResponder.start(0, Clock.systemUTC())) {
            TimeInfo info = query(responder);

            assertThat(info.getComments()).isEmpty();
            assertThat(info.getOffset()).isNotNull();
            assertThat(info.getOffset()).isBetween(-50L, 50L);
            assertThat(info.getDelay()).isBetween(0L, 1_000L);
        }
    }

    @Test
    void clockTwoHoursAheadGivesAnOffsetOfPlusTwoHours() throws Exception {
        Clock ahead = Clock.offset(Clock.systemUTC(), Duration.ofHours(2));
        try (SntpResponder responder = SntpResponder.start(0, ahead)) {
            TimeInfo info = query(responder);

            assertThat(info.getOffset()).isCloseTo(7_200_000L, within(50L));
        }
    }

    @Test
    void clockBehindGivesANegativeOffset() throws Exception {
        Clock behind = Clock.offset(Clock.systemUTC(), Duration.ofMinutes(-6));
        try (SntpResponder responder = SntpResponder.start(0, behind)) {
            assertThat(query(responder).getOffset()).isCloseTo(-360_000L, within(50L));
        }
    }

    @Test
    void answersAsAStratumOneServerWithReferenceIdHrld() throws Exception {
        try (SntpResponder responder = SntpResponder.start(0, Clock.systemUTC())) {
            NtpV3Packet message = query(responder).getMessage();

            assertThat(message.getMode()).isEqualTo(NtpV3Packet.MODE_SERVER);
            assertThat(message.getStratum()).isEqualTo(1);
            assertThat(message.getReferenceIdString()).isEqualTo("HRLD");
            assertThat(message.getLeapIndicator()).isEqualTo(NtpV3Packet.LI_NO_WARNING);
            assertThat(message.getVersion()).isEqualTo(NtpV3Packet.VERSION_3); // NTPUDPClient's default, echoed
            assertThat(message.getReceiveTimeStamp().ntpValue()).isNotZero();
            assertThat(message.getTransmitTimeStamp().compareTo(message.getReceiveTimeStamp()))
                    .isGreaterThanOrEqualTo(0);
        }
    }

    @Test
    void answersRepeatedQueriesAndStopsOnClose() throws Exception {
        SntpResponder responder = SntpResponder.start(0, Clock.systemUTC());
        for (int i = 0; i < 3; i++) {
            assertThat(query(responder).getOffset()).isBetween(-50L, 50L);
        }
        responder.close();

        try (NTPUDPClient client = new NTPUDPClient()) {
            client.setDefaultTimeout(Duration.ofMillis(300));
            client.open();
            org.assertj.core.api.Assertions.assertThatThrownBy(
                            () -> client.getTime(InetAddress.getByName("127.0.0.1"), responder.port()))
                    .isInstanceOf(java.io.IOException.class);
        }
    }

    @Test
    void ntpTimestampsKeepSubMillisecondPrecision() {
        Instant instant = Instant.parse("2026-11-24T03:00:00.123456789Z");

        TimeStamp stamp = SntpResponder.ntpTime(instant);

        assertThat(stamp.getSeconds()).isEqualTo(instant.getEpochSecond() + 2_208_988_800L);
        assertThat(stamp.getTime()).isEqualTo(instant.toEpochMilli());
        assertThat(stamp.getFraction() / 4294967296.0).isCloseTo(0.123456789, within(1e-9));
    }
}
