package io.herald.stack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Start failures that are found before any process is launched; no broker, registry or database needed. */
class LocalStackTest {

    @TempDir
    Path workDir;

    private final List<String> events = new ArrayList<>();

    private final StackListener recorder = new StackListener() {
        @Override
        public void starting(String component) {
            events.add("starting " + component);
        }

        @Override
        public void failed(String component, Path log, String reason) {
            events.add("failed " + component + ": " + reason);
        }
    };

    @Test
    void busyPortFailsTheStartNamingThePortBeforeAnythingStarts() throws Exception {
        try (ServerSocket busy = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            LocalStack stack = LocalStack.builder()
                    .workDir(workDir)
                    .freePorts()
                    .withoutServices()
                    .kafkaPorts(busy.getLocalPort(), 0)
                    .listener(recorder)
                    .build();

            assertThatThrownBy(stack::start)
                    .isInstanceOf(StackStartException.class)
                    .hasMessageContaining("port " + busy.getLocalPort() + " (kafka) is already in use")
                    .satisfies(e ->
                            assertThat(((StackStartException) e).component()).isEqualTo("ports"));
            assertThat(events).singleElement().asString().startsWith("failed ports: port " + busy.getLocalPort());
        }
    }

    @Test
    void unreachableExternalDatabaseFailsTheStartNamingPostgres() {
        int closedPort = Ports.pickFree();
        LocalStack stack = LocalStack.builder()
                .workDir(workDir)
                .freePorts()
                .withoutServices()
                .externalDatabase(new ExternalDatabase(
                        "jdbc:postgresql://127.0.0.1:" + closedPort + "/herald", "herald", "s3cret"))
                .readyTimeout(Duration.ofSeconds(1))
                .listener(recorder)
                .build();

        assertThatThrownBy(stack::start)
                .isInstanceOf(StackStartException.class)
                .hasMessageStartingWith(
                        "postgres failed to start: PostgreSQL at jdbc:postgresql://127.0.0.1:" + closedPort)
                .hasMessageNotContaining("s3cret");
        assertThat(events).containsExactly("starting postgres", events.get(1));
        assertThat(events.get(1)).startsWith("failed postgres:");
        // the infrastructure is launched together; what was launched alongside the (external) database is stopped
        assertThat(stack.components())
                .extracting(ComponentState::name)
                .containsExactly("postgres", "kafka", "registry", "sandbox");
        assertThat(stack.components())
                .filteredOn(c -> !c.name().equals("postgres"))
                .noneMatch(ComponentState::running);
    }

    @Test
    void missingChannelCatalogFailsTheStartNamingTheFile() {
        Path missing = workDir.resolve("nowhere/channels.yml");
        LocalStack stack = LocalStack.builder()
                .workDir(workDir)
                .freePorts()
                .channelCatalog(missing)
                .listener(recorder)
                .build();

        assertThatThrownBy(stack::start).hasMessageContaining("channel catalog not found: " + missing);
        assertThat(events).noneMatch(event -> event.startsWith("starting"));
    }

    @Test
    void aStackStartsOnce() {
        LocalStack stack = LocalStack.builder()
                .workDir(workDir)
                .freePorts()
                .channelCatalog(workDir.resolve("x.yml"))
                .build();
        assertThatThrownBy(stack::start).isInstanceOf(StackStartException.class);

        assertThatThrownBy(stack::start)
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("starts once");
    }
}
