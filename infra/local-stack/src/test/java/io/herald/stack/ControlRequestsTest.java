package io.herald.stack;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The file channel between a command and the supervisor, both sides for real (files, threads), with a handler of its own. */
class ControlRequestsTest {

    @TempDir
    Path workDir;

    private final ByteArrayOutputStream printed = new ByteArrayOutputStream();
    private final PrintStream out = new PrintStream(printed, true, StandardCharsets.UTF_8);

    @Test
    void theCommandPrintsTheSupervisorsProgressAndEndsWithItsExitCode() throws Exception {
        ControlRequests requests = new ControlRequests(workDir);
        requests.clear();
        AtomicReference<Properties> received = new AtomicReference<>();
        try (AutoCloseable serving = requests.serve((request, progress) -> {
            received.set(request);
            progress.accept("Stopping signer (pid 42)");
            progress.accept("signer is ready");
            return 0;
        })) {
            int exit = requests.send(
                    Map.of("command", "restart", "component", "signer"), out, () -> true, Duration.ofSeconds(10));

            assertThat(exit).isZero();
        }
        assertThat(received.get()).containsEntry("command", "restart").containsEntry("component", "signer");
        assertThat(printed.toString(StandardCharsets.UTF_8).lines())
                .containsExactly("Stopping signer (pid 42)", "signer is ready");
        try (var left = Files.list(requests.dir())) {
            assertThat(left).as("files left in run/requests").isEmpty();
        }
    }

    @Test
    void aRefusedRequestPrintsWhyAndExitsWithTwo() throws Exception {
        ControlRequests requests = new ControlRequests(workDir);
        requests.clear();
        try (AutoCloseable serving = requests.serve((request, progress) -> {
            throw new IllegalArgumentException("no component 'mailer'; known: ingest, signer");
        })) {
            int exit = requests.send(
                    Map.of("command", "restart", "component", "mailer"), out, () -> true, Duration.ofSeconds(10));

            assertThat(exit).isEqualTo(2);
        }
        assertThat(printed.toString(StandardCharsets.UTF_8))
                .isEqualTo("no component 'mailer'; known: ingest, signer\n");
    }

    @Test
    void aSupervisorThatDiedIsReportedInsteadOfWaitedFor() throws Exception {
        ControlRequests requests = new ControlRequests(workDir);

        int exit = requests.send(
                Map.of("command", "restart", "component", "signer"), out, () -> false, Duration.ofSeconds(10));

        assertThat(exit).isEqualTo(1);
        assertThat(printed.toString(StandardCharsets.UTF_8)).contains("The supervisor exited before it answered");
    }
}
