package io.dcbuild.operator.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs the JDK's {@code keytool} (of the JVM running the tests) in a working directory, failing on a non-zero exit.
 * Its JVM starts with quick-start flags: each run is short, and JIT compilation would only cost time.
 */
final class Keytool {

    private static final long TIMEOUT_SECONDS = 60;

    private final Path workDir;
    private static final List<String> QUICK_START_JVM_FLAGS =
            List.of("-J-XX:TieredStopAtLevel=1", "-J-XX:+UseSerialGC", "-J-Xshare:auto");

    private final Path executable = Path.of(System.getProperty("java.home"), "bin", "keytool");

    Keytool(Path workDir) {
        this.workDir = workDir;
    }

    void run(String... arguments) {
        List<String> command = new ArrayList<>();
        command.add(executable.toString());
        command.addAll(QUICK_START_JVM_FLAGS);
        command.addAll(List.of(arguments));
        try {
            Process process = new ProcessBuilder(command).directory(workDir.toFile())
                    .redirectErrorStream(true).start();
            process.getOutputStream().close();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException("keytool " + arguments[0] + " timed out");
            }
            if (process.exitValue() != 0) {
                throw new IllegalStateException("keytool " + arguments[0] + " failed (" + process.exitValue() + "): "
                        + output.strip());
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run " + executable, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running keytool", e);
        }
    }
}
