package io.herald.cli;

/** What {@code herald}'s operator commands exit with; scripts branch on these (README, "Operator CLI"). */
public final class ExitCode {

    /** The operation succeeded. */
    public static final int OK = 0;
    /** The service answered and refused, or the operation failed (a 4xx/5xx, a dead letter, an item not replayed). */
    public static final int FAILED = 1;
    /** The command line is wrong: an unknown option, a missing value, a bad date, no credential. */
    public static final int USAGE = 2;
    /** The service (or Kafka, or the registry) could not be reached or did not answer in time. */
    public static final int UNREACHABLE = 3;

    private ExitCode() {}
}
