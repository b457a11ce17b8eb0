package io.herald.bench;

import io.herald.bench.chaos.ChaosCommand;
import io.herald.bench.stage.StageCommand;
import io.herald.stack.HeraldCommand;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code ./herald bench} and {@code ./herald chaos} commands: a JVM of their own, with this module's classpath
 * (the launcher's own commands never load the benchmark).
 */
@Command(
        name = "herald",
        mixinStandardHelpOptions = true,
        version = "Herald benchmarks 0.1.0",
        description = "Benchmarks and the fault suite, each on a stack of its own.",
        subcommands = {
            BenchCommand.class,
            AotTrainCommand.class,
            ChaosCommand.class,
            StageCommand.class,
            CommandLine.HelpCommand.class
        })
public final class BenchMain implements Callable<Integer> {

    @Override
    public Integer call() {
        new CommandLine(this).usage(System.out);
        return 2;
    }

    public static void main(String[] args) {
        System.exit(HeraldCommand.execute(new BenchMain(), args));
    }
}
