package io.herald.contract.tracing;

import io.herald.contract.kafka.Poll;
import java.util.List;
import java.util.function.Function;
import java.util.stream.IntStream;

/**
 * The {@link RecordTrace}s of one poll's readable records, in the order of {@link Poll#readable()}: started when the
 * poll is read, ended together once its outputs are acknowledged ({@link #end()}), a failed one with its failure.
 */
public final class PollTraces {

    private final List<RecordTrace> traces;

    private PollTraces(List<RecordTrace> traces) {
        this.traces = traces;
    }

    /** Starts a trace for every readable record of {@code poll}, tagged with the notification id of its value. */
    public static <T> PollTraces start(
            RecordTracing tracing, String listenerId, Poll<T> poll, Function<T, String> notificationId) {
        return new PollTraces(poll.readable().stream()
                .map(item -> tracing.start(listenerId, item.record(), notificationId.apply(item.value())))
                .toList());
    }

    /** Traces that observe nothing, {@code size} of them (unit tests). */
    public static PollTraces none(int size) {
        return new PollTraces(
                IntStream.range(0, size).mapToObj(i -> RecordTrace.none()).toList());
    }

    /** The trace of the {@code index}th readable record. */
    public RecordTrace get(int index) {
        return traces.get(index);
    }

    /** Ends every trace not ended yet. */
    public void end() {
        traces.forEach(RecordTrace::end);
    }
}
