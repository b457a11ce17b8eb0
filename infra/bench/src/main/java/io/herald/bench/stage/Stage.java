package io.herald.bench.stage;

import io.herald.stack.LocalStack;
import java.lang.reflect.InvocationTargetException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * One service stage's benchmark: the class (in the service's test classes, which the script puts on the classpath) and
 * what it needs of a stack. Those that need a broker get one from the launcher (no services), on free ports.
 */
enum Stage {
    /** records/s herald.requests → herald.accepted; args [records] [partitions] [concurrency] [keys] [malformed-per-valid]. */
    INGEST("ingest", "io.herald.ingest.bench.IngestThroughputBenchmark", "ingest-service", Needs.BROKER_AND_DATABASE),
    /** signatures/s per provider on one thread, no broker; args [warmup-seconds] [measure-seconds]. */
    SIGNER("signer", "io.herald.signer.bench.SignatureBenchmark", "signer-service", Needs.NOTHING),
    /** records/s herald.accepted → herald.signed.dingtalk; args [records] [partitions] [concurrency]. */
    SIGNER_THROUGHPUT(
            "signer-throughput", "io.herald.signer.bench.SignerThroughputBenchmark", "signer-service", Needs.BROKER);

    /** What the benchmark takes as its first arguments, from a stack of its own. */
    private enum Needs {
        NOTHING,
        BROKER,
        BROKER_AND_DATABASE
    }

    private final String id;
    private final String benchmarkClass;
    private final String module;
    private final Needs needs;

    Stage(String id, String benchmarkClass, String module, Needs needs) {
        this.id = id;
        this.benchmarkClass = benchmarkClass;
        this.module = module;
        this.needs = needs;
    }

    String id() {
        return id;
    }

    /** The service module whose test classes hold the benchmark: the script builds its classpath. */
    String module() {
        return module;
    }

    static Stage byId(String id) {
        for (Stage stage : values()) {
            if (stage.id.equals(id.toLowerCase(Locale.ROOT))) {
                return stage;
            }
        }
        throw new IllegalArgumentException("Unknown stage '" + id + "'; known: ingest, signer, signer-throughput");
    }

    /** Runs the benchmark with {@code args}, on a stack of its own under the module's target when it needs a broker. */
    void run(Path home, List<String> args) throws Exception {
        if (needs == Needs.NOTHING) {
            invoke("main", args);
            return;
        }
        Path workDir = home.resolve(module).resolve("target/throughput-bench");
        try (LocalStack stack = LocalStack.builder()
                .home(home)
                .workDir(workDir)
                .freePorts()
                .withoutServices()
                .build()
                .start()) {
            List<String> all = new ArrayList<>(List.of(stack.bootstrapServers(), stack.registryUrl()));
            if (needs == Needs.BROKER_AND_DATABASE) {
                all.addAll(List.of(stack.jdbcUrl(), stack.jdbcUser(), String.valueOf(stack.jdbcPassword())));
            }
            all.addAll(args);
            invoke("run", all);
        }
    }

    private void invoke(String method, List<String> args) throws Exception {
        Class<?> benchmark;
        try {
            benchmark = Class.forName(benchmarkClass);
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException(
                    benchmarkClass + " is not on the classpath: run it with ./herald bench --stage " + id
                            + ", which compiles " + module + "'s test classes",
                    e);
        }
        try {
            benchmark.getMethod(method, String[].class).invoke(null, (Object) args.toArray(String[]::new));
        } catch (InvocationTargetException e) {
            throw e.getCause() instanceof Exception cause ? cause : e;
        }
    }
}
