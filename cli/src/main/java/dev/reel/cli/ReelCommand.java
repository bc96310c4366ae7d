package dev.reel.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;

/**
 * The top-level {@code reel} command; it only dispatches to its subcommands.
 *
 * <pre>{@code
 * ./reel info
 * ./reel train --epochs 5
 * }</pre>
 */
@Command(name = "reel", mixinStandardHelpOptions = true, versionProvider = ReelCommand.Version.class,
        description = "Reel: train and run video classifiers on the JVM.",
        subcommands = {InfoCommand.class, TrainCommand.class, EvalCommand.class, PredictCommand.class, BenchCommand.class})
public final class ReelCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Option(names = {"-v", "--verbose"}, scope = ScopeType.INHERIT,
            description = "Print stack traces of errors.")
    boolean verbose;

    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(), "missing a command (info, train, eval, predict, bench)");
    }

    /** The version from the jar's manifest, or "development" when run from classes. */
    static final class Version implements picocli.CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = ReelCommand.class.getPackage().getImplementationVersion();
            return new String[] {"reel " + (v == null ? "(development build)" : v) + ", Java " + Runtime.version()};
        }
    }
}
