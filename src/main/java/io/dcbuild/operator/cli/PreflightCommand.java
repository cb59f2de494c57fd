package io.dcbuild.operator.cli;

import io.dcbuild.operator.config.OperatorConfig;
import java.io.PrintStream;
import java.util.List;

/**
 * {@code preflight}: what the operator would decide for a DevContainerBuild under DevContainerBuildPolicies, without
 * a cluster. Runs as a plain Java program (no Quarkus start); see {@link PreflightArguments#USAGE}.
 * Exit codes: 0 allowed, 1 refused by policy or invalid build, 2 usage error or git unreachable.
 */
public final class PreflightCommand {

    public static final int USAGE_ERROR = 2;

    private static final String LOG_MANAGER_PROPERTY = "java.util.logging.manager";

    private PreflightCommand() {
    }

    public static void main(String[] args) {
        // The packaged app's logging backend (JBoss LogManager, as under Quarkus) must be chosen before any
        // logger exists, or it prints a warning to stderr.
        if (System.getProperty(LOG_MANAGER_PROPERTY) == null) {
            System.setProperty(LOG_MANAGER_PROPERTY, "org.jboss.logmanager.LogManager");
        }
        int exitCode = execute(args, System.out, System.err);
        System.out.flush();
        System.exit(exitCode);
    }

    /** Runs the command, printing to {@code out} and {@code err}; returns the exit code. */
    public static int execute(String[] args, PrintStream out, PrintStream err) {
        PreflightPrinter printer = new PreflightPrinter(out, err);
        try {
            PreflightArguments arguments = PreflightArguments.parse(List.of(args));
            if (arguments.help()) {
                printer.usage();
                return 0;
            }
            OperatorConfig config = StandaloneOperatorConfig.create(arguments.plainHttpHosts());
            PreflightInputs inputs = new PreflightInputsLoader().load(arguments);
            PreflightResult result = new PreflightRun(config).run(inputs);
            printer.print(result);
            return result.verdict().exitCode();
        } catch (UsageException e) {
            printer.error(e.getMessage());
            return USAGE_ERROR;
        } catch (RuntimeException e) {
            printer.error("stopped by an unexpected " + e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : ": " + e.getMessage().strip().lines().findFirst().orElse("")));
            return USAGE_ERROR;
        }
    }
}
