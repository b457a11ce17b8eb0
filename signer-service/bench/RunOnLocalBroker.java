import io.herald.stack.LocalStack;
import java.nio.file.Path;

/**
 * Starts the local broker and registry with the project's launcher (LocalStack, no services), runs the signer
 * throughput benchmark (io.herald.signer.bench.SignerThroughputBenchmark) against them, and stops them. A single-file
 * program run by bench/run.sh with the signer's and the launcher's classpaths. Args: [records] [partitions] [concurrency].
 */
public class RunOnLocalBroker {
    public static void main(String[] args) throws Exception {
        Path home = Path.of(System.getProperty("herald.home", ".")).toAbsolutePath().normalize();
        try (LocalStack stack = LocalStack.builder().home(home).workDir(home.resolve("signer-service/target/throughput-bench"))
                .freePorts().withoutServices().build().start()) {
            io.herald.signer.bench.SignerThroughputBenchmark.run(new String[] {stack.bootstrapServers(), stack.registryUrl(),
                    args.length > 0 ? args[0] : "20000", args.length > 1 ? args[1] : "6", args.length > 2 ? args[2] : "1"});
        }
        System.exit(0);
    }
}
