package io.herald.cli;

import io.herald.cli.audit.AuditCommand;
import io.herald.cli.channel.ChannelCommand;
import io.herald.cli.clock.ClockCommand;
import io.herald.cli.dlq.DlqCommand;
import io.herald.cli.publish.PublishCommand;
import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code herald publish|dlq|audit|channel|clock}: the operator commands, run by the {@code herald} script. They talk to a
 * running Herald over its APIs (URLs and tokens by flag or environment) and exit with {@link ExitCode}'s codes.
 */
@Command(
        name = "herald",
        description =
                "Operate a running Herald: publish, dead letters, the delivery history, channels, the signer's clock.",
        mixinStandardHelpOptions = true,
        footer = {
            "",
            "Exit codes: 0 ok, 1 refused or failed, 2 usage (bad option, no credential), 3 service unreachable."
        })
public final class HeraldCli {

    private HeraldCli() {}

    public static void main(String[] args) {
        PrintWriter out = new PrintWriter(System.out, true);
        PrintWriter err = new PrintWriter(System.err, true);
        System.exit(run(Cli.of(System.getenv(), out, err), args));
    }

    /** Runs one command line and returns its exit code; tests call this with their own environment and writers. */
    public static int run(Cli cli, String... args) {
        CommandLine commands = commandLine(cli);
        int code = commands.execute(args);
        cli.out().flush();
        cli.err().flush();
        return code;
    }

    static CommandLine commandLine(Cli cli) {
        CommandLine commands = new CommandLine(new HeraldCli())
                .addSubcommand(new PublishCommand(cli))
                .addSubcommand(DlqCommand.create(cli))
                .addSubcommand(AuditCommand.create(cli))
                .addSubcommand(ChannelCommand.create(cli))
                .addSubcommand(new ClockCommand(cli));
        commands.setOut(cli.out());
        commands.setErr(cli.err());
        commands.setExitCodeExceptionMapper(e -> e instanceof CliException c ? c.exitCode() : ExitCode.FAILED);
        commands.setExecutionExceptionHandler((e, line, parsed) -> {
            if (e instanceof CliException c) {
                line.getErr().println("herald: " + c.getMessage());
                if (c.exitCode() == ExitCode.USAGE) {
                    line.getErr()
                            .println("see: herald "
                                    + line.getCommandSpec().qualifiedName(" ").replaceFirst("^herald ", "")
                                    + " --help");
                }
                return c.exitCode();
            }
            // nothing a person can act on is in a stack trace: say what failed in words
            line.getErr()
                    .println("herald: " + line.getCommandSpec().qualifiedName(" ") + " failed: "
                            + (e.getMessage() == null ? "unexpected error" : e.getMessage()));
            return ExitCode.FAILED;
        });
        commands.setParameterExceptionHandler((e, args) -> {
            CommandLine line = e.getCommandLine();
            line.getErr().println("herald: " + e.getMessage());
            line.getErr().println("see: " + line.getCommandSpec().qualifiedName(" ") + " --help");
            return ExitCode.USAGE;
        });
        return commands;
    }
}
