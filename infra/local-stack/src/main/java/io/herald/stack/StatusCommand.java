package io.herald.stack;

import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/**
 * {@code herald status}: for each component the supervisor recorded, whether its process is alive and it
 * answers (TCP for PostgreSQL and Kafka, HTTP health for the rest). Exit code 0 when everything is up,
 * 1 when something is down, 3 when the stack is not running.
 */
@Command(name = "status", mixinStandardHelpOptions = true, description = "Show whether each component of the local stack is running and answering.")
final class StatusCommand implements Callable<Integer> {

    // only where the stack lives (.herald under the repository root); the start options don't matter here
    private final StackOptions options = new StackOptions();

    private final PrintStream out = System.out;

    @Override
    public Integer call() {
        RunFiles files = new RunFiles(options.workDir());
        Optional<ProcessHandle> supervisor = files.supervisor();
        Optional<Properties> state = files.readState();
        if (supervisor.isEmpty()) {
            out.println("Herald local stack: not running.");
            int leftovers = files.leftovers().size();
            if (leftovers > 0) {
                out.println(leftovers + " process(es) of an earlier run are still alive: ./herald down stops them.");
            }
            return 3;
        }
        if (state.isEmpty()) {
            out.println("Herald local stack: starting (supervisor pid " + supervisor.get().pid() + "); see "
                    + ProgressLine.display(files.supervisorLog()));
            return 1;
        }
        Properties s = state.get();
        Instant started = Instant.parse(s.getProperty("started"));
        out.println("Herald local stack: running (supervisor pid " + supervisor.get().pid() + ", up since "
                + LocalTime.ofInstant(started, ZoneId.systemDefault()).truncatedTo(ChronoUnit.SECONDS) + ", "
                + Duration.between(started, Instant.now()).toMinutes() + " min)");
        boolean allUp = true;
        for (String name : s.getProperty("components", "").split(",")) {
            if (name.isBlank()) {
                continue;
            }
            String pid = s.getProperty(name + ".pid");
            boolean alive = pid == null || ProcessHandle.of(Long.parseLong(pid)).map(ProcessHandle::isAlive).orElse(false);
            String answer = alive ? probe(s.getProperty(name + ".probe", "")) : "process gone";
            boolean up = alive && (answer.equals("UP") || answer.equals("listening") || answer.equals("external"));
            allUp &= up;
            String log = s.getProperty(name + ".log");
            out.printf("  %-11s %-13s %-14s %s%s%n", name, up ? answer : "DOWN (" + answer + ")",
                    pid == null ? "in supervisor" : "pid " + pid, s.getProperty(name + ".address"),
                    up || log == null ? "" : "  — see " + ProgressLine.display(Path.of(log)));
        }
        return allUp ? 0 : 1;
    }

    private static String probe(String probe) {
        try {
            if (probe.startsWith("tcp:")) {
                String[] hostPort = probe.substring(4).split(":");
                try (Socket socket = new Socket()) {
                    socket.connect(new InetSocketAddress(hostPort[0], Integer.parseInt(hostPort[1])), 2000);
                    return "listening";
                }
            }
            if (probe.startsWith("http")) {
                Http.Response response = Http.get(probe);
                return response.status() == 200 ? "UP" : "HTTP " + response.status();
            }
            return probe.isEmpty() ? "unknown" : probe;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted";
        } catch (Exception e) {
            return "not answering";
        }
    }
}
