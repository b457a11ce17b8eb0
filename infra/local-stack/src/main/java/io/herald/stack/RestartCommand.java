package io.herald.stack;

import java.io.PrintStream;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code herald restart COMPONENT}: asks the supervisor of the running stack (which owns the processes) to stop one
 * component gracefully and start it again with exactly the same command line, ports and data, and prints what it did
 * until the component is ready. The request travels as a file ({@link ControlRequests}).
 */
@Command(
        name = "restart",
        mixinStandardHelpOptions = true,
        description =
                "Restart one component of the running stack: SIGTERM (SIGKILL if it does not stop in time), then the same "
                        + "command line again; waits until it is ready.")
final class RestartCommand implements Callable<Integer> {

    @Parameters(
            index = "0",
            paramLabel = "COMPONENT",
            description = "ingest, signer, dispatcher, audit, broker (or kafka), registry, postgres (embedded), or a "
                    + "dispatcher instance (dispatcher-<providers>-<n>, see ./herald status).")
    String component;

    @Option(
            names = "--timeout",
            paramLabel = "SECONDS",
            defaultValue = "300",
            description = "Stop waiting for the supervisor's answer after this long (default: ${DEFAULT-VALUE}).")
    long timeoutSeconds;

    // only where the stack lives (.herald under the repository root); the start options don't matter here
    private final StackOptions options = new StackOptions();

    private final PrintStream out = System.out;

    @Override
    public Integer call() throws Exception {
        RunFiles files = new RunFiles(options.workDir());
        Optional<ProcessHandle> supervisor = files.supervisor();
        if (supervisor.isEmpty()) {
            out.println("The Herald local stack is not running: start it with ./herald up.");
            return 3;
        }
        out.println("Asking the supervisor (pid " + supervisor.get().pid() + ") to restart " + component + " …");
        return new ControlRequests(options.workDir())
                .send(
                        Map.of("command", "restart", "component", component),
                        out,
                        supervisor.get()::isAlive,
                        Duration.ofSeconds(timeoutSeconds));
    }
}
