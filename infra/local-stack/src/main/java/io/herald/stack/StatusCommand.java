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
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.Callable;
import java.util.function.Function;
import picocli.CommandLine.Command;

/**
 * {@code herald status}: for each component the supervisor recorded, its state, PID, how often and when it was last
 * restarted, and why it last exited. UP means its process is alive and it answers (TCP for PostgreSQL and Kafka, HTTP
 * health for the rest); RESTARTING and STOPPED are what the supervisor says (a restart is scheduled or under way; stopped
 * on purpose); DOWN is anything else, with what the check saw. Exit code 0 when everything is UP, 1 when something is
 * not, 3 when the stack is not running.
 */
@Command(
        name = "status",
        mixinStandardHelpOptions = true,
        description = "Show each component of the local stack: state, PID, restarts and last exit.")
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
            out.println("Herald local stack: starting (supervisor pid "
                    + supervisor.get().pid() + "); see " + ProgressLine.display(files.supervisorLog()));
            return 1;
        }
        Properties s = state.get();
        Instant started = Instant.parse(s.getProperty("started"));
        out.println("Herald local stack: running (supervisor pid "
                + supervisor.get().pid() + ", up since " + clock(started) + ", "
                + Duration.between(started, Instant.now()).toMinutes() + " min)");
        Table table = table(s, liveCheck(s));
        table.lines().forEach(out::println);
        return table.allUp() ? 0 : 1;
    }

    /** The status lines (a header, then one line per component) and whether every component is UP. */
    record Table(List<String> lines, boolean allUp) {}

    /**
     * Renders the supervisor's state, asking {@code check} about each component by name: {@code UP} when it answers,
     * else what was seen ({@code process gone}, {@code not answering}, {@code HTTP 503}).
     */
    static Table table(Properties s, Function<String, String> check) {
        List<String> names = new ArrayList<>();
        for (String name : s.getProperty("components", "").split(",")) {
            if (!name.isBlank()) {
                names.add(name);
            }
        }
        int width = Math.max(
                "COMPONENT".length(),
                names.stream().mapToInt(String::length).max().orElse(0));
        String format = "  %-" + width + "s  %-10s  %-8s  %8s  %-12s  %-24s  %s";
        List<String> lines = new ArrayList<>();
        lines.add(String.format(format, "COMPONENT", "STATE", "PID", "RESTARTS", "LAST RESTART", "ADDRESS", "LAST EXIT")
                .stripTrailing());
        boolean allUp = true;
        for (String name : names) {
            String supervisorSays = s.getProperty(name + ".state", "UP");
            String seen = supervisorSays.equals("UP") || supervisorSays.equals("DOWN") ? check.apply(name) : "";
            String state = switch (supervisorSays) {
                case "RESTARTING", "STOPPED" -> supervisorSays;
                default -> seen.equals("UP") ? "UP" : "DOWN";
            };
            allUp &= state.equals("UP");
            String pid = s.getProperty(name + ".pid", "-");
            String lastRestart = Optional.ofNullable(s.getProperty(name + ".last-restart"))
                    .map(at -> clock(Instant.parse(at)))
                    .orElse("-");
            List<String> notes = new ArrayList<>();
            notes.add(s.getProperty(name + ".last-exit", "-"));
            if (state.equals("DOWN")) {
                notes.add("now: " + seen);
            }
            Optional.ofNullable(s.getProperty(name + ".next-restart"))
                    .ifPresent(at -> notes.add("next try " + clock(Instant.parse(at))));
            String log = s.getProperty(name + ".log");
            if (!state.equals("UP") && log != null) {
                notes.add("see " + ProgressLine.display(Path.of(log)));
            }
            lines.add(String.format(
                            format,
                            name,
                            state,
                            pid,
                            s.getProperty(name + ".restarts", "0"),
                            lastRestart,
                            s.getProperty(name + ".address", ""),
                            String.join("; ", notes))
                    .stripTrailing());
        }
        return new Table(lines, allUp);
    }

    /** Checks each component named in the state file: its process alive, and its probe answering. */
    static Function<String, String> liveCheck(Properties s) {
        return name -> check(name, s);
    }

    private static String check(String name, Properties s) {
        String pid = s.getProperty(name + ".pid");
        if (pid != null
                && !ProcessHandle.of(Long.parseLong(pid))
                        .map(ProcessHandle::isAlive)
                        .orElse(false)) {
            return "process gone";
        }
        if (pid == null
                && !"true".equals(s.getProperty(name + ".in-supervisor"))
                && !"external".equals(s.getProperty(name + ".probe"))) {
            return "no process";
        }
        return probe(s.getProperty(name + ".probe", ""));
    }

    private static String clock(Instant at) {
        return LocalTime.ofInstant(at, ZoneId.systemDefault())
                .truncatedTo(ChronoUnit.SECONDS)
                .toString();
    }

    /** {@code UP} when the probe answers (a TCP connect, HTTP 200, or an external database), else what it saw. */
    static String probe(String probe) {
        try {
            if (probe.startsWith("tcp:")) {
                String[] hostPort = probe.substring(4).split(":");
                try (Socket socket = new Socket()) {
                    socket.connect(new InetSocketAddress(hostPort[0], Integer.parseInt(hostPort[1])), 2000);
                    return "UP";
                }
            }
            if (probe.startsWith("http")) {
                Http.Response response = Http.get(probe);
                return response.status() == 200 ? "UP" : "HTTP " + response.status();
            }
            return probe.equals("external") ? "UP" : probe.isEmpty() ? "unknown" : probe;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted";
        } catch (Exception e) {
            return "not answering";
        }
    }
}
