package io.herald.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ProcFsTest {

    @Test
    void cpuTicksAreUserPlusSystemTimeCountedAfterTheLastParenthesis() {
        // a command name with a space and a ')' must not shift the fields
        String stat = "4242 (java) x) S 1 4242 4242 0 -1 4194560 81234 0 12 0 1500 250 3 1 20 0 57 0 12345 "
                + "4000000000 120000 18446744073709551615 1 1 0 0 0 0 4096 0 16384 0 0 0 17 1 0 0 0 0 0";

        assertThat(ProcFs.cpuTicks(stat)).isEqualTo(1500 + 250);
    }

    @Test
    void cpuTicksOfAnUnreadableLineFailWithTheLine() {
        assertThatThrownBy(() -> ProcFs.cpuTicks("garbage")).hasMessageContaining("garbage");
        assertThatThrownBy(() -> ProcFs.cpuTicks("1 (x) S 1 2")).hasMessageContaining("too few fields");
    }

    @Test
    void rssIsVmRssInKib() {
        String status = "Name:\tjava\nVmPeak:\t 4000000 kB\nVmHWM:\t  300000 kB\nVmRSS:\t  262144 kB\nThreads:\t57\n";

        assertThat(ProcFs.rssKib(status)).hasValue(262_144);
        assertThat(ProcFs.rssKib("Name:\tkthreadd\nThreads:\t1\n")).isEmpty();
    }

    @Test
    void readsThisJvm() {
        ProcFs.Reading reading = ProcFs.read(ProcessHandle.current().pid());

        assertThat(reading).isNotNull();
        assertThat(reading.rssKib()).isGreaterThan(10_000);
        assertThat(reading.cpuTicks()).isPositive();
    }

    @Test
    void cpuPercentIsShareOfOneCore() {
        // 300 ticks at 100/s over 2 s = 1.5 cores busy
        assertThat(ProcessSampler.cpuPercent(300, 100, 2.0)).isEqualTo(150.0);
        assertThat(ProcessSampler.cpuPercent(300, 100, 0)).isZero();
    }
}
