package io.herald.signer.clock;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * Combines clock samples with Marzullo's interval intersection (as NTP's selection algorithm does): each sample
 * says the true offset lies in {@code [offset - bound, offset + bound]}; the estimate is the smallest interval that
 * a strict majority of sources agree on. One wrong source (or any minority) cannot move it: it is reported as a
 * falseticker. Without a majority there is no estimate (the bound is unknown).
 */
final class OffsetCombiner {

    /** One end of a sample's interval; type -1 start, +1 end. */
    private record Edge(long at, int type, ClockSample sample) {}

    /** Starts before ends at equal positions, so touching intervals count as overlapping. */
    private static final Comparator<Edge> BY_POSITION =
            Comparator.comparingLong(Edge::at).thenComparingInt(Edge::type);

    private OffsetCombiner() {}

    /** The estimate at host time {@code hostNow}, or empty when there are no samples or no majority agrees. */
    public static Optional<ClockEstimate> combine(
            List<ClockSample> samples, Instant hostNow, double driftPpm, Duration floor) {
        if (samples.isEmpty()) {
            return Optional.empty();
        }
        List<Edge> edges = new ArrayList<>(2 * samples.size());
        List<long[]> intervals = new ArrayList<>(samples.size());
        for (ClockSample sample : samples) {
            long offset = sample.offset().toNanos();
            long bound = sample.boundAt(hostNow, driftPpm, floor).toNanos();
            intervals.add(new long[] {offset - bound, offset + bound});
            edges.add(new Edge(offset - bound, -1, sample));
            edges.add(new Edge(offset + bound, +1, sample));
        }
        edges.sort(BY_POSITION);
        int count = 0;
        int best = 0;
        long bestLo = 0;
        long bestHi = 0;
        for (int i = 0; i < edges.size(); i++) {
            Edge edge = edges.get(i);
            if (edge.type() == -1) {
                count++;
                if (count > best) {
                    best = count;
                    bestLo = edge.at();
                    // the interval of maximal overlap ends at the next end edge
                    for (int j = i + 1; j < edges.size(); j++) {
                        if (edges.get(j).type() == +1) {
                            bestHi = edges.get(j).at();
                            break;
                        }
                    }
                }
            } else {
                count--;
            }
        }
        if (best * 2 <= samples.size()) {
            return Optional.empty();
        }
        List<String> truechimers = new ArrayList<>();
        List<String> falsetickers = new ArrayList<>();
        for (int i = 0; i < samples.size(); i++) {
            long[] interval = intervals.get(i);
            boolean agrees = interval[0] <= bestLo && interval[1] >= bestHi;
            (agrees ? truechimers : falsetickers).add(samples.get(i).source());
        }
        long offset = bestLo + (bestHi - bestLo) / 2;
        long bound = (bestHi - bestLo + 1) / 2;
        return Optional.of(
                new ClockEstimate(Duration.ofNanos(offset), Duration.ofNanos(bound), truechimers, falsetickers));
    }
}
