package io.herald.stack;

import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code ./herald} command line: {@code up}, {@code status}, {@code restart}, {@code down}, {@code scale} for the local stack, and
 * {@code bench}, the whole-pipeline benchmark, and {@code chaos}, the fault suite (the script runs this class with {@code -Dherald.home=<repo root>}).
 * {@code ./herald test} is handled by the script itself (it is a Maven build).
 */
@Command(name = "herald", mixinStandardHelpOptions = true, version = "Herald local stack 0.1.0",
        description = "Runs the Herald pipeline locally: PostgreSQL, Kafka, Apicurio Registry, the provider sandbox "
                + "and the four services, without Docker.",
        subcommands = {UpCommand.class, StatusCommand.class, RestartCommand.class, DownCommand.class,
                SuperviseCommand.class, ScaleCommand.class, io.herald.stack.bench.BenchCommand.class,
                io.herald.stack.chaos.ChaosCommand.class,
                CommandLine.HelpCommand.class})
public final class HeraldCommand implements Callable<Integer> {

    @Override
    public Integer call() {
        new CommandLine(this).usage(System.out);
        return 2;
    }

    public static void main(String[] args) {
        CommandLine commandLine = new CommandLine(new HeraldCommand())
                .setExecutionExceptionHandler((e, cmd, parsed) -> {
                    // a bad option value found late (unknown port name) reads as a usage error, not a stack trace
                    if (e instanceof IllegalArgumentException) {
                        cmd.getErr().println(e.getMessage());
                        return 2;
                    }
                    throw e;
                });
        System.exit(commandLine.execute(args));
    }
}
