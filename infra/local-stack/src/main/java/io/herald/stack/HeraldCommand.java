package io.herald.stack;

import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code ./herald} command line for the local stack: {@code up}, {@code status}, {@code restart}, {@code down},
 * {@code scale} (the script runs this class with {@code -Dherald.home=<repo root>}). {@code bench} and {@code chaos}
 * live in infra/bench; {@code test} and {@code build} are Maven runs of the script itself.
 */
@Command(
        name = "herald",
        mixinStandardHelpOptions = true,
        version = "Herald local stack 0.1.0",
        description = "Runs the Herald pipeline locally: PostgreSQL, Kafka, Apicurio Registry, the provider sandbox "
                + "and the four services, without Docker.",
        subcommands = {
            UpCommand.class,
            StatusCommand.class,
            RestartCommand.class,
            DownCommand.class,
            SuperviseCommand.class,
            ScaleCommand.class,
            CommandLine.HelpCommand.class
        })
public final class HeraldCommand implements Callable<Integer> {

    @Override
    public Integer call() {
        new CommandLine(this).usage(System.out);
        return 2;
    }

    public static void main(String[] args) {
        System.exit(execute(new HeraldCommand(), args));
    }

    /** Runs a picocli command; a bad option value found late (unknown port name) reads as a usage error. */
    public static int execute(Object command, String... args) {
        CommandLine commandLine = new CommandLine(command).setExecutionExceptionHandler((e, cmd, parsed) -> {
            if (e instanceof IllegalArgumentException) {
                cmd.getErr().println(e.getMessage());
                return 2;
            }
            throw e;
        });
        return commandLine.execute(args);
    }
}
