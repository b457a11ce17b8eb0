package io.herald.stack;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code herald scale dispatcher --providers dingtalk --instances 3}: runs exactly N dispatcher instances for a
 * provider set next to the running stack (started by {@code herald up}), then prints which instance owns which
 * partitions of each {@code herald.signed.<provider>} topic (from each instance's {@code GET /v1/assignments}).
 *
 * <p>Instances are named {@code dispatcher-<providers>-<i>}; each is launched like the stack's own dispatcher
 * (same jar, arguments and environment, read from that running process, including the stack marker so
 * {@code herald down} stops them too), with its own port, instance id, provider set, log
 * {@code logs/<name>.log} and PID file. Scaling down stops the surplus instances (SIGTERM: they leave their
 * consumer groups cleanly).
 */
@Command(name = "scale", mixinStandardHelpOptions = true,
        description = "Run N dispatcher instances for a provider set and show who owns which partitions.")
final class ScaleCommand implements Callable<Integer> {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Parameters(index = "0", paramLabel = "SERVICE", description = "Only 'dispatcher' scales this way.")
    String service;

    @Option(names = "--providers", required = true, split = ",", paramLabel = "ID",
            description = "Provider set, e.g. dingtalk or dingtalk,feishu.")
    List<String> providers;

    @Option(names = "--instances", required = true, paramLabel = "N", description = "Instances to run (0 stops them all).")
    int instances;

    @Option(names = "--home", paramLabel = "DIR", description = "Repository root (default: herald.home).")
    Path home;

    @Option(names = "--timeout", paramLabel = "SECONDS", defaultValue = "240",
            description = "How long instances may take to be ready and the group to settle (default: ${DEFAULT-VALUE}).")
    long timeoutSeconds;

    private final PrintStream out = System.out;

    @Override
    public Integer call() throws Exception {
        if (!service.equals("dispatcher")) {
            throw new IllegalArgumentException("only the dispatcher scales with this command, not '" + service + "'");
        }
        if (instances < 0) {
            throw new IllegalArgumentException("--instances must be 0 or more");
        }
        Path root = home != null ? home.toAbsolutePath() : LocalStack.heraldHome();
        RunFiles files = new RunFiles(root.resolve(".herald"));
        Properties state = files.readState().orElse(null);
        ProcessHandle template = state == null ? null
                : Optional.ofNullable(state.getProperty("dispatcher.pid")).map(Long::parseLong)
                        .flatMap(ProcessHandle::of).filter(ProcessHandle::isAlive).orElse(null);
        if (template == null) {
            out.println("The stack's dispatcher is not running: start the stack with ./herald up first.");
            return 1;
        }
        String set = String.join("+", new TreeSet<>(providers));
        String prefix = "dispatcher-" + set + "-";
        Path runDir = files.workDir().resolve("run");

        // scale down: surplus instances of this set, by PID file
        for (int i = instances + 1; ; i++) {
            Path pidFile = runDir.resolve(prefix + i + ".pid");
            if (!Files.isRegularFile(pidFile)) {
                break;
            }
            Optional<ProcessHandle> running = pid(pidFile);
            if (running.isPresent()) {
                out.println("Stopping " + prefix + i + " (pid " + running.get().pid() + ")");
                ManagedProcess.stop(running.get(), Duration.ofSeconds(30));
            }
            Files.deleteIfExists(pidFile);
        }

        List<String> templateArgs = arguments(template);
        Map<String, String> env = environment(template.pid());
        Map<String, String> urls = new LinkedHashMap<>();
        // the stack's own dispatcher is in the same groups when it serves these providers: show its share too
        serverPort(template).ifPresent(port -> urls.put("dispatcher", "http://127.0.0.1:" + port));
        Map<String, DispatcherInstance> launched = new LinkedHashMap<>();
        for (int i = 1; i <= instances; i++) {
            String name = prefix + i;
            Path pidFile = runDir.resolve(name + ".pid");
            Optional<ProcessHandle> running = Files.isRegularFile(pidFile) ? pid(pidFile) : Optional.empty();
            Optional<String> url = running.flatMap(ScaleCommand::serverPort).map(port -> "http://127.0.0.1:" + port);
            if (url.isPresent()) {
                urls.put(name, url.get());
                continue;
            }
            List<String> args = new ArrayList<>();
            for (String arg : templateArgs) {
                if (!arg.startsWith("--server.port=") && !arg.startsWith("--herald.dispatcher.providers=")
                        && !arg.startsWith("--herald.dispatcher.instance-id=")) {
                    args.add(arg);
                }
            }
            args.add("--herald.dispatcher.providers=" + String.join(",", providers));
            args.add("--herald.dispatcher.instance-id=" + name);
            DispatcherInstance instance = new DispatcherInstance(name, root, files.logDir(), runDir, Ports.pickFree(),
                    args, env, List.of(files.marker()));
            out.println("Starting " + name + " for " + String.join(",", providers) + " …");
            instance.launch();
            launched.put(name, instance);
            urls.put(name, instance.url());
        }
        Instant deadline = Instant.now().plusSeconds(timeoutSeconds);
        for (DispatcherInstance instance : launched.values()) {
            instance.awaitReady(deadline);
            out.println("  " + instance.name() + " ready at " + instance.url() + " (pid " + instance.pid().getAsLong()
                    + ", log " + ProgressLine.display(instance.log().orElseThrow()) + ")");
        }
        if (instances == 0) {
            out.println("No instance of " + set + " runs now.");
            return 0;
        }
        Map<String, Map<String, List<Integer>>> owned = awaitSettled(urls, deadline);
        out.println();
        out.println("Partition ownership (" + set + "):");
        Set<String> topics = providers.stream().map(provider -> "herald.signed." + provider).collect(Collectors.toSet());
        owned.forEach((name, byTopic) -> byTopic.forEach((topic, partitions) -> {
            if (topics.contains(topic) || topic.startsWith("(unreachable")) {
                out.printf("  %-28s %-28s %s%n", name, topic, partitions);
            }
        }));
        return 0;
    }

    /** Polls the instances until, per topic, their partitions are disjoint and none is left unowned or in flux. */
    private Map<String, Map<String, List<Integer>>> awaitSettled(Map<String, String> urls, Instant deadline)
            throws Exception {
        Map<String, Map<String, List<Integer>>> previous = null;
        while (true) {
            Map<String, Map<String, List<Integer>>> owned = new LinkedHashMap<>();
            for (Map.Entry<String, String> instance : urls.entrySet()) {
                owned.put(instance.getKey(), assignments(instance.getValue()));
            }
            if (owned.equals(previous) || Instant.now().isAfter(deadline)) {
                return owned;
            }
            previous = owned;
            Thread.sleep(3_000); // a consumer group rebalance takes a few seconds; compare two readings
        }
    }

    private static Map<String, List<Integer>> assignments(String url) {
        Map<String, List<Integer>> byTopic = new LinkedHashMap<>();
        try {
            Http.Response answer = Http.get(url + "/v1/assignments");
            if (answer.status() == 200) {
                for (JsonNode assignment : JSON.readTree(answer.body()).path("assignments")) {
                    List<Integer> partitions = new ArrayList<>();
                    assignment.path("partitions").forEach(p -> partitions.add(p.asInt()));
                    byTopic.put(assignment.path("topic").asString(), partitions);
                }
            }
        } catch (IOException | InterruptedException e) {
            byTopic.put("(unreachable: " + e.getClass().getSimpleName() + ")", List.of());
        }
        return byTopic;
    }

    /** The running dispatcher's arguments after {@code java}: JVM options, {@code -jar <jar>}, application args. */
    private static List<String> arguments(ProcessHandle process) {
        String[] args = process.info().arguments().orElseThrow(() ->
                new IllegalStateException("cannot read the dispatcher's command line (pid " + process.pid() + ")"));
        List<String> application = new ArrayList<>();
        boolean afterJar = false;
        for (int i = 0; i < args.length; i++) {
            if (afterJar) {
                application.add(args[i]);
            } else if (args[i].equals("-jar")) {
                afterJar = true;
                i++; // the jar itself: DispatcherInstance adds it
            }
        }
        return application;
    }

    /** The running dispatcher's environment (it holds the sealing key and credential variables the stack set). */
    private static Map<String, String> environment(long pid) throws IOException {
        Map<String, String> env = new LinkedHashMap<>();
        byte[] raw = Files.readAllBytes(Path.of("/proc", Long.toString(pid), "environ"));
        for (String entry : new String(raw, StandardCharsets.UTF_8).split("\0")) {
            int equals = entry.indexOf('=');
            if (equals > 0) {
                env.put(entry.substring(0, equals), entry.substring(equals + 1));
            }
        }
        return env;
    }

    private static Optional<ProcessHandle> pid(Path pidFile) {
        try {
            return Optional.of(Long.parseLong(Files.readString(pidFile).strip()))
                    .flatMap(ProcessHandle::of).filter(ProcessHandle::isAlive);
        } catch (IOException | NumberFormatException e) {
            return Optional.empty();
        }
    }

    private static Optional<String> serverPort(ProcessHandle process) {
        return process.info().arguments().flatMap(args -> java.util.Arrays.stream(args)
                .filter(a -> a.startsWith("--server.port="))
                .map(a -> a.substring("--server.port=".length()))
                .findFirst());
    }
}
