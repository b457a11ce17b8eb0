package io.herald.signer.clock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpServer;
import io.herald.contract.channel.Channel;
import io.herald.contract.kafka.ResignHeader;
import io.herald.contract.kafka.Topics;
import io.herald.schema.ChannelState;
import io.herald.signer.ChangingChannels;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The clock listener probes a channel's origin for a RESIGN attempt only, knowing it by the dispatcher's header. */
class AttemptsClockListenerTest {

    private final List<String> probes = new CopyOnWriteArrayList<>();
    private HttpServer origin;
    private ClockSampler sampler;
    private final ChangingChannels channels = new ChangingChannels();

    @BeforeEach
    void start() throws Exception {
        origin = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        origin.createContext("/", exchange -> {
            probes.add(exchange.getRequestMethod() + " " + exchange.getRequestURI());
            exchange.sendResponseHeaders(404, -1);
            exchange.close();
        });
        origin.start();
        ClockProperties properties = ClockProperties.defaults(); // channel probes on, no SNTP server
        sampler = new ClockSampler(
                new TrustedClock(Clock.systemUTC(), properties), properties, Clock.systemUTC(), channels);
    }

    @AfterEach
    void stop() {
        sampler.close();
        origin.stop(0);
    }

    private void channel(String name, ChannelState state) {
        URI endpoint = URI.create("http://127.0.0.1:" + origin.getAddress().getPort() + "/robot/send?access_token=x");
        channels.put(name, 1, state, new Channel("dingtalk", endpoint, Map.of(), null, null));
    }

    private static ConsumerRecord<String, byte[]> attempt(String resignChannel) {
        ConsumerRecord<String, byte[]> record = new ConsumerRecord<>("herald.attempts", 0, 0, "n-1", new byte[] {0});
        if (resignChannel != null) {
            ResignHeader.add(record.headers(), resignChannel);
        }
        return record;
    }

    private AttemptsClockListener listener() {
        return new AttemptsClockListener(sampler, channels, new Topics("", List.of(Duration.ofSeconds(10))));
    }

    @Test
    void aResignAttemptProbesItsChannelsOriginAndNoOtherAttemptDoes() {
        channel("ops", ChannelState.ACTIVE);

        listener().onAttempts(List.of(attempt(null), attempt(null)));
        listener().onAttempts(List.of(attempt(null), attempt("ops"), attempt(null)));

        await().atMost(Duration.ofSeconds(5)).until(() -> !probes.isEmpty());
        assertThat(probes).as("the origin, without path or query").containsExactly("HEAD /");
    }

    @Test
    void aDisabledOrUnknownChannelsResignSaysNothingOfTheClock() throws Exception {
        channel("paused", ChannelState.DISABLED);

        listener().onAttempts(List.of(attempt("paused"), attempt("unknown")));

        Thread.sleep(300);
        assertThat(probes).isEmpty();
    }
}
