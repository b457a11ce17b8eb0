import io.herald.stack.LocalStack;
import java.nio.file.Path;

/**
 * Starts the local broker, registry and PostgreSQL with the project's launcher (LocalStack, no services), runs the
 * ingest throughput benchmark (io.herald.ingest.bench.IngestThroughputBenchmark) against them, and stops them. A
 * single-file program run by bench/run.sh. Args: [records] [partitions] [concurrency] [keys] [malformed-per-valid].
 */
public class RunOnLocalBroker {
    public static void main(String[] args) throws Exception {
        Path home = Path.of(System.getProperty("herald.home", ".")).toAbsolutePath().normalize();
        try (LocalStack stack = LocalStack.builder().home(home).workDir(home.resolve("ingest-service/target/throughput-bench"))
                .freePorts().withoutServices().build().start()) {
            io.herald.ingest.bench.IngestThroughputBenchmark.run(new String[] {stack.bootstrapServers(), stack.registryUrl(),
                    stack.jdbcUrl(), stack.jdbcUser(), String.valueOf(stack.jdbcPassword()),
                    args.length > 0 ? args[0] : "20000", args.length > 1 ? args[1] : "6", args.length > 2 ? args[2] : "1",
                    args.length > 3 ? args[3] : "true", args.length > 4 ? args[4] : "0"});
        }
        System.exit(0);
    }
}
