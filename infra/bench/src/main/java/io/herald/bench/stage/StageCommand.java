package io.herald.bench.stage;

import io.herald.stack.LocalStack;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/**
 * {@code ./herald bench --stage NAME [ARGS…]}: one stage's benchmark (docs/benchmarks/ingest.md, signer.md) instead of
 * the whole pipeline. The script puts the service's test classes on the classpath and runs this command.
 */
@Command(
        name = "stage",
        mixinStandardHelpOptions = true,
        description = "Benchmark one stage: ingest (records/s requests -> accepted on a local broker and PostgreSQL), "
                + "signer (signatures/s per provider on one thread) or signer-throughput (records/s accepted -> "
                + "signed on a local broker). Run it as ./herald bench --stage NAME [ARGS...].")
public final class StageCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "STAGE", description = "ingest, signer or signer-throughput.")
    String stage;

    @Parameters(
            index = "1..*",
            paramLabel = "ARG",
            description = "The stage's own arguments: ingest [records] [partitions] [listener-concurrency] [keys] "
                    + "[malformed-per-valid]; signer [warmup-seconds] [measure-seconds]; signer-throughput [records] "
                    + "[partitions] [listener-concurrency].")
    List<String> args = new ArrayList<>();

    @Override
    public Integer call() throws Exception {
        Stage.byId(stage).run(LocalStack.heraldHome(), args);
        return 0;
    }
}
