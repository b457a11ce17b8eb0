package io.herald.stack;

import java.io.File;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code herald up}: starts the supervisor JVM detached (its own session, output in
 * {@code logs/supervisor.log}), follows its progress in {@code run/events.tsv} and prints it, then prints
 * where everything listens. Returns once the stack is ready, or non-zero naming the component that failed.
 */
@Command(
        name = "up",
        mixinStandardHelpOptions = true,
        description = "Start PostgreSQL, Kafka, the registry, the sandbox and the services; return when all are ready.")
final class UpCommand implements Callable<Integer> {

    @Mixin
    StackOptions options;

    @Option(
            names = "--timeout",
            paramLabel = "SECONDS",
            defaultValue = "600",
            description = "Give up when the stack is not up after this long (default: ${DEFAULT-VALUE}).")
    long timeoutSeconds;

    private final PrintStream out = System.out;

    @Override
    public Integer call() throws Exception {
        options.applyTo(LocalStack.builder()); // bad options fail here, before anything starts
        RunFiles files = new RunFiles(options.workDir());
        Optional<ProcessHandle> running = files.supervisor();
        if (running.isPresent()) {
            out.println("Herald is already running (supervisor pid "
                    + running.get().pid() + "). See ./herald status, or stop it with ./herald down.");
            return 1;
        }
        List<ProcessHandle> leftovers = files.leftovers();
        if (!leftovers.isEmpty()) {
            out.println("Stopping " + leftovers.size() + " process(es) left by an earlier run:");
            for (ProcessHandle process : leftovers) {
                out.println("  " + RunFiles.describe(process));
                RunFiles.stopWithDescendants(process, Duration.ofSeconds(10));
            }
        }
        files.prepareForStart();
        Path supervisorLog = files.supervisorLog();
        Files.deleteIfExists(supervisorLog);

        Instant begin = Instant.now();
        Process supervisor = new ProcessBuilder(supervisorCommand(files))
                .directory(options.home().toFile())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(supervisorLog.toFile()))
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .start();
        files.writeSupervisorPid(supervisor.pid());
        // Ctrl-C while starting: stop the half-started stack instead of leaving it behind
        Thread abandon = new Thread(
                () -> {
                    out.println();
                    out.println("Interrupted: stopping what was started…");
                    ManagedProcess.stop(supervisor.toHandle(), Duration.ofSeconds(120));
                },
                "herald-up-interrupted");
        Runtime.getRuntime().addShutdownHook(abandon);

        out.println("Starting the Herald local stack in " + ProgressLine.display(options.workDir())
                + " (supervisor pid " + supervisor.pid() + ", log " + ProgressLine.display(supervisorLog) + ")");
        int result = follow(files, supervisor, begin);
        Runtime.getRuntime().removeShutdownHook(abandon);
        return result;
    }

    private List<String> supervisorCommand(RunFiles files) {
        List<String> command = new ArrayList<>();
        // a session of its own: Ctrl-C in this terminal later must not reach the stack
        for (String setsid : List.of("/usr/bin/setsid", "/bin/setsid")) {
            if (Files.isExecutable(Path.of(setsid))) {
                command.add(setsid);
                break;
            }
        }
        command.add(ManagedProcess.javaExecutable());
        command.add("-Xmx256m");
        command.add(files.marker());
        command.add("-Dherald.home=" + options.home());
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(HeraldCommand.class.getName());
        command.add("supervise");
        command.addAll(options.toArgs());
        return command;
    }

    /** Prints the supervisor's events as they come until UP, FAILED, its exit, or the timeout. */
    private int follow(RunFiles files, Process supervisor, Instant begin) throws IOException, InterruptedException {
        Instant deadline = begin.plusSeconds(timeoutSeconds);
        int consumed = 0;
        boolean midLine = false;
        java.util.Set<String> seen = new java.util.HashSet<>();
        while (true) {
            List<String> lines = Files.exists(files.events())
                    ? Files.readAllLines(files.events(), StandardCharsets.UTF_8)
                    : List.of();
            // only whole lines: the last one may still be being written
            for (; consumed < lines.size(); consumed++) {
                String[] event = lines.get(consumed).split("\t", -1);
                switch (event[0]) {
                    case "STARTING" -> {
                        seen.add(event[1]);
                        out.print((midLine ? System.lineSeparator() : "") + ProgressLine.starting(event[1]));
                        midLine = true;
                    }
                    case "READY" -> {
                        if (!midLine) {
                            out.print(ProgressLine.starting(event[1]));
                        }
                        out.println(ProgressLine.ready(event[3], Duration.ofMillis(Long.parseLong(event[2]))));
                        midLine = false;
                    }
                    case "FAILED" -> {
                        String component = event[1];
                        Path log = event[2].isEmpty() ? null : Path.of(event[2]);
                        boolean begun = midLine || seen.contains(component);
                        if (begun) {
                            if (!midLine) {
                                out.print(ProgressLine.starting(component));
                            }
                            out.println(ProgressLine.failed(log, event[3]));
                            out.println("Stopping what was started…");
                        }
                        boolean exited = ManagedProcess.awaitExit(supervisor.toHandle(), Duration.ofSeconds(120));
                        if (!exited) {
                            ManagedProcess.stop(supervisor.toHandle(), Duration.ofSeconds(10));
                        }
                        out.println(
                                begun
                                        ? "Herald did not start: " + component + " failed"
                                                + (log == null ? "." : " — see " + ProgressLine.display(log))
                                        : "Herald did not start: " + event[3]);
                        return 1;
                    }
                    case "UP" -> {
                        Properties state = files.readState().orElseGet(Properties::new);
                        out.println();
                        out.print(Summary.render(state, Duration.ofMillis(Long.parseLong(event[1])), options.home()));
                        return 0;
                    }
                    default -> {}
                }
                out.flush();
            }
            if (!supervisor.isAlive()) {
                out.println();
                out.println("The supervisor exited (code " + supervisor.exitValue() + ") before the stack was up — see "
                        + ProgressLine.display(files.supervisorLog()) + ":");
                tail(files.supervisorLog(), 15).forEach(line -> out.println("  " + line));
                return 1;
            }
            if (Instant.now().isAfter(deadline)) {
                out.println();
                out.println(
                        "Not up after " + timeoutSeconds + " s; stopping. See " + ProgressLine.display(files.logDir()));
                ManagedProcess.stop(supervisor.toHandle(), Duration.ofSeconds(120));
                return 1;
            }
            Thread.sleep(100);
        }
    }

    static List<String> tail(Path file, int lines) {
        try {
            List<String> all = Files.readAllLines(file, StandardCharsets.UTF_8);
            return all.subList(Math.max(0, all.size() - lines), all.size());
        } catch (IOException e) {
            return List.of("(cannot read " + file + ": " + e.getMessage() + ")");
        }
    }
}
