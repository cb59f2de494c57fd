package io.dcbuild.operator.cli;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/** One run of the preflight command with its output captured through the printer's streams. */
record PreflightInvocation(int exitCode, String stdout, String stderr) {

    static PreflightInvocation of(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exitCode;
        try (PrintStream outStream = new PrintStream(out, true, StandardCharsets.UTF_8);
                PrintStream errStream = new PrintStream(err, true, StandardCharsets.UTF_8)) {
            exitCode = PreflightCommand.execute(args, outStream, errStream);
        }
        return new PreflightInvocation(exitCode, out.toString(StandardCharsets.UTF_8),
                err.toString(StandardCharsets.UTF_8));
    }

    String all() {
        return stdout + stderr;
    }
}
