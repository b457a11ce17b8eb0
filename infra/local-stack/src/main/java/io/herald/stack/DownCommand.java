package io.herald.stack;

import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/**
 * {@code herald down}: signals the supervisor (SIGTERM; its shutdown hook stops the services, the sandbox,
 * the registry, the broker and PostgreSQL in that order), waits for it, then stops anything of this stack
 * that is still alive (a crashed supervisor's children) and confirms nothing is left.
 */
@Command(
        name = "down",
        mixinStandardHelpOptions = true,
        description = "Stop everything herald up started and confirm nothing is left running.")
final class DownCommand implements Callable<Integer> {

    // only where the stack lives (.herald under the repository root); the start options don't matter here
    private final StackOptions options = new StackOptions();

    private final PrintStream out = System.out;

    @Override
    public Integer call() {
        RunFiles files = new RunFiles(options.workDir());
        Instant begin = Instant.now();
        Optional<ProcessHandle> supervisor = files.supervisor();
        if (supervisor.isPresent()) {
            out.print("Stopping the Herald local stack (supervisor pid "
                    + supervisor.get().pid() + ")… ");
            out.flush();
            // the supervisor needs up to ~30 s per stubborn service and 30 s for the broker before it kills
            boolean killed = ManagedProcess.stop(supervisor.get(), Duration.ofSeconds(150));
            out.println(killed ? "the supervisor did not stop in time and was killed" : "done");
        } else {
            out.println("The supervisor is not running.");
        }
        files.deleteSupervisorPid();
        List<ProcessHandle> leftovers = files.leftovers();
        for (ProcessHandle process : leftovers) {
            out.println("Stopping leftover " + RunFiles.describe(process));
            RunFiles.stopWithDescendants(process, Duration.ofSeconds(15));
        }
        List<ProcessHandle> remaining = files.leftovers();
        if (remaining.isEmpty()) {
            out.println("Stopped in " + ProgressLine.seconds(Duration.between(begin, Instant.now()))
                    + "; nothing of the stack is left running.");
            return 0;
        }
        out.println("Still running:");
        remaining.forEach(process -> out.println("  " + RunFiles.describe(process)));
        return 1;
    }
}
