package io.herald.stack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PortsTest {

    @Test
    void busyPortFailsNamingThePortAndItsUser() throws Exception {
        try (ServerSocket busy = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            Map<String, Integer> wanted = new LinkedHashMap<>();
            wanted.put("postgres", 0);
            wanted.put("kafka", busy.getLocalPort());

            assertThatThrownBy(() -> Ports.resolve(wanted))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("port " + busy.getLocalPort() + " (kafka) is already in use");
        }
    }

    @Test
    void samePortForTwoComponentsIsRefused() {
        int port = Ports.pickFree();
        Map<String, Integer> wanted = new LinkedHashMap<>();
        wanted.put("registry", port);
        wanted.put("sandbox", port);

        assertThatThrownBy(() -> Ports.resolve(wanted)).hasMessageContaining("given to both registry and sandbox");
    }

    @Test
    void zeroPortsBecomeDistinctFreePortsAndFixedOnesAreKept() {
        int fixed = Ports.pickFree();
        Map<String, Integer> wanted = new LinkedHashMap<>();
        wanted.put("a", 0);
        wanted.put("b", 0);
        wanted.put("c", fixed);
        wanted.put("d", 0);

        Map<String, Integer> resolved = Ports.resolve(wanted);

        assertThat(resolved).containsOnlyKeys("a", "b", "c", "d").containsEntry("c", fixed);
        assertThat(resolved.values()).doesNotHaveDuplicates().doesNotContain(0);
    }
}
