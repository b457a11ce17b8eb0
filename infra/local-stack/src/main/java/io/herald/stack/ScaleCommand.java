package io.herald.stack;

import java.io.IOException;
import java.io.PrintStream;
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
 * {@code herald scale dispatcher --providers dingtalk --instances 3}: asks the running stack's supervisor to run
 * exactly N dispatcher instances for a provider set ({@link LocalStack#scaleDispatchers}: its children, restarted on a
 * crash, stopped by {@code herald down}), then prints which instance owns which partitions of each
 * {@code herald.signed.<provider>} topic, from each instance's {@code GET /v1/assignments}. Scaling down stops the
 * surplus with SIGTERM, so they leave their consumer groups cleanly.
 */
@Command(
        name = "scale",
        mixinStandardHelpOptions = true,
        description = "Run N dispatcher instances for a provider set and show who owns which partitions.")
final class ScaleCommand implements Callable<Integer> {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Parameters(index = "0", paramLabel = "SERVICE", description = "Only 'dispatcher' scales this way.")
    String service;

    @Option(
            names = "--providers",
            required = true,
            split = ",",
            paramLabel = "ID",
            description = "Provider set, e.g. dingtalk or dingtalk,feishu.")
    List<String> providers;

    @Option(
            names = "--instances",
            required = true,
            paramLabel = "N",
            description = "Instances to run (0 stops them all).")
    int instances;

    @Option(names = "--home", paramLabel = "DIR", description = "Repository root (default: herald.home).")
    Path home;

    @Option(
            names = "--timeout",
            paramLabel = "SECONDS",
            defaultValue = "240",
            description =
                    "How long instances may take to be ready and the group to settle (default: ${DEFAULT-VALUE}).")
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
        Optional<ProcessHandle> supervisor = files.supervisor();
        if (supervisor.isEmpty() || files.readState().isEmpty()) {
            out.println("The stack is not running: start it with ./herald up first.");
            return 1;
        }
        Instant deadline = Instant.now().plusSeconds(timeoutSeconds);
        int exit = new ControlRequests(files.workDir())
                .send(
                        Map.of(
                                "command",
                                "scale",
                                "providers",
                                String.join(",", providers),
                                "instances",
                                Integer.toString(instances)),
                        out,
                        supervisor.get()::isAlive,
                        Duration.ofSeconds(timeoutSeconds));
        if (exit != 0) {
            return exit;
        }
        String set = String.join("+", new TreeSet<>(providers));
        if (instances == 0) {
            out.println("No instance of " + set + " runs now.");
            return 0;
        }
        Map<String, String> urls = instanceUrls(files, "dispatcher-" + set + "-", instances, deadline);
        // GET /v1/assignments takes the operator token, which the stack wrote to its owner-only file
        Optional<String> operatorToken =
                StackTokens.read(files.workDir().resolve(StackTokens.FILE), StackTokens.variable(StackTokens.OPERATOR));
        if (operatorToken.isEmpty()) {
            out.println("No operator token in "
                    + ProgressLine.display(files.workDir().resolve(StackTokens.FILE))
                    + ": cannot ask the instances which partitions they own.");
            return 1;
        }
        Map<String, Map<String, List<Integer>>> owned = awaitSettled(urls, operatorToken.get(), deadline);
        out.println();
        out.println("Partition ownership (" + set + "):");
        Set<String> topics =
                providers.stream().map(provider -> "herald.signed." + provider).collect(Collectors.toSet());
        owned.forEach((name, byTopic) -> byTopic.forEach((topic, partitions) -> {
            if (topics.contains(topic) || topic.startsWith("(unreachable") || topic.startsWith("(refused")) {
                out.printf("  %-28s %-28s %s%n", name, topic, partitions);
            }
        }));
        return 0;
    }

    /**
     * The stack's dispatcher (in the same groups when it serves these providers) and the set's instances, from the
     * supervisor's state file once it lists them (it rewrites the file within a second of a change).
     */
    private static Map<String, String> instanceUrls(RunFiles files, String prefix, int instances, Instant deadline)
            throws InterruptedException {
        Set<String> expected = new TreeSet<>();
        for (int i = 1; i <= instances; i++) {
            expected.add(prefix + i);
        }
        while (true) {
            Properties state = files.readState().orElseGet(Properties::new);
            Map<String, String> urls = new LinkedHashMap<>();
            for (String name : state.getProperty("components", "").split(",")) {
                if (name.equals("dispatcher") || name.startsWith(prefix)) {
                    urls.put(name, state.getProperty(name + ".address"));
                }
            }
            Set<String> listed = urls.keySet().stream()
                    .filter(name -> name.startsWith(prefix))
                    .collect(Collectors.toCollection(TreeSet::new));
            if (listed.equals(expected) || Instant.now().isAfter(deadline)) {
                return urls;
            }
            Thread.sleep(250);
        }
    }

    /** Polls the instances until, per topic, their partitions are disjoint and none is left unowned or in flux. */
    private Map<String, Map<String, List<Integer>>> awaitSettled(
            Map<String, String> urls, String operatorToken, Instant deadline) throws Exception {
        Map<String, Map<String, List<Integer>>> previous = null;
        while (true) {
            Map<String, Map<String, List<Integer>>> owned = new LinkedHashMap<>();
            for (Map.Entry<String, String> instance : urls.entrySet()) {
                owned.put(instance.getKey(), assignments(instance.getValue(), operatorToken));
            }
            if (owned.equals(previous) || Instant.now().isAfter(deadline)) {
                return owned;
            }
            previous = owned;
            Thread.sleep(3_000); // a consumer group rebalance takes a few seconds; compare two readings
        }
    }

    private static Map<String, List<Integer>> assignments(String url, String operatorToken) {
        Map<String, List<Integer>> byTopic = new LinkedHashMap<>();
        try {
            Http.Response answer = Http.get(url + "/v1/assignments", operatorToken);
            if (answer.status() == 401 || answer.status() == 403) {
                byTopic.put("(refused: HTTP " + answer.status() + ")", List.of());
            } else if (answer.status() == 200) {
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
}
