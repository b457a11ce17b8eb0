package io.herald.contract.kafka;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.ProducerConfig;

/**
 * Producer waits for a send a caller waits on (an HTTP request, an API change), all inside the caller's
 * {@code sendTimeout} measured from before {@code send()}: up to a quarter blocked in {@code send()} for metadata or
 * buffer space ({@code max.block.ms}; Kafka's default of 60 s held a caller that long when the broker was down), then
 * up to 60 % until the producer reports the record failed ({@code delivery.timeout.ms}; a produce request may take
 * all of it less {@code linger.ms}). The last 15 % is the margin by which the producer has given up before the caller
 * is told "not written", so a record answered as not written is never written later. That margin assumes
 * {@code send()} returns quickly; when it does not (a cold schema-registry lookup while serializing, a starved CPU),
 * {@link #await} waits for the producer's verdict instead of answering "not written" while the record may still be.
 */
public final class CallerWaitTimeouts {

    private CallerWaitTimeouts() {}

    /** The overrides for a copy of the service's producer factory, whose settings are {@code config}. */
    public static Map<String, Object> within(Duration sendTimeout, Map<String, Object> config) {
        long total = sendTimeout.toMillis();
        long linger = Long.parseLong(String.valueOf(config.getOrDefault(ProducerConfig.LINGER_MS_CONFIG, 5)));
        long delivery = Math.max(total * 60 / 100, linger + 1);
        Map<String, Object> overrides = new HashMap<>();
        overrides.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, total / 4);
        overrides.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, (int) delivery);
        overrides.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) (delivery - linger));
        return overrides;
    }

    /**
     * Waits for a send's acknowledgement until {@code deadlineNanos} ({@link System#nanoTime}: the caller's send
     * timeout, counted from before {@code send()}). If the producer has not decided by then, the record may still be
     * written ({@code delivery.timeout.ms} counts from when {@code send()} appended it), so this waits for the verdict,
     * up to {@code sendTimeout} more: a caller told "not written" retries, and a record written after all would then be
     * written twice.
     *
     * @throws ExecutionException the producer reports the record failed
     * @throws TimeoutException no verdict even then (a producer that is stuck)
     */
    public static void await(Future<?> ack, long deadlineNanos, Duration sendTimeout)
            throws InterruptedException, ExecutionException, TimeoutException {
        try {
            ack.get(Math.max(0, deadlineNanos - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (TimeoutException undecided) {
            ack.get(sendTimeout.toNanos(), TimeUnit.NANOSECONDS);
        }
    }
}
