package io.herald.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ProcessSamplerTest {

    private static final long SELF = ProcessHandle.current().pid();

    @Test
    void aProcessCountsWithItsChildren() throws Exception {
        Process child = new ProcessBuilder("sleep", "30").start();
        try (ProcessSampler sampler = new ProcessSampler(Map.of("bench", SELF))) {
            assertThat(sampler.processesOf(SELF)).contains(SELF, child.pid());
        } finally {
            child.destroy();
        }
    }

    @Test
    void aNamedChildIsNotCountedWithItsParent() throws Exception {
        Process child = new ProcessBuilder("sleep", "30").start();
        Map<String, Long> roots = new LinkedHashMap<>();
        roots.put("bench", SELF);
        roots.put("child", child.pid());
        try (ProcessSampler sampler = new ProcessSampler(roots)) {
            assertThat(sampler.processesOf(SELF)).contains(SELF).doesNotContain(child.pid());
            assertThat(sampler.processesOf(child.pid())).containsExactly(child.pid());
        } finally {
            child.destroy();
        }
    }
}
