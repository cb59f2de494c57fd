package io.dcbuild.operator.image;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A run of {@link OperatorImageCommand}: its exit code, stdout and stderr kept apart. The Docker config is an empty
 * directory of the test's, so that the machine's credentials play no part.
 */
record OperatorImageCommandRun(int exitCode, String out, String err) {

    /** As {@code make image} runs it: {@code java} in a process of its own with the test classpath. */
    static OperatorImageCommandRun inJvmOfItsOwn(Path work, List<String> args)
            throws IOException, InterruptedException {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        // surefire and failsafe start the test JVM from a manifest-only jar; this property has the real classpath
        String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        List<String> command = new ArrayList<>(List.of(java.toString(), "-cp", classpath,
                OperatorImageCommand.class.getName()));
        command.addAll(args);
        Path out = Files.createTempFile(work, "out-", ".txt");
        Path err = Files.createTempFile(work, "err-", ".txt");
        ProcessBuilder builder = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile());
        builder.environment().put("DOCKER_CONFIG", emptyDockerConfig(work).toString());
        Process process = builder.start();
        if (!process.waitFor(5, TimeUnit.MINUTES)) {
            process.destroyForcibly();
            throw new IllegalStateException("make image's command did not finish within 5 minutes: " + command);
        }
        return new OperatorImageCommandRun(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                Files.readString(err, StandardCharsets.UTF_8));
    }

    /** {@link OperatorImageCommand#execute} in this JVM: quicker, for what does not depend on the process. */
    static OperatorImageCommandRun inThisJvm(Path work, List<String> args) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exitCode = OperatorImageCommand.execute(args, Map.of("DOCKER_CONFIG", emptyDockerConfig(work).toString()),
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        return new OperatorImageCommandRun(exitCode, out.toString(StandardCharsets.UTF_8),
                err.toString(StandardCharsets.UTF_8));
    }

    private static Path emptyDockerConfig(Path work) throws IOException {
        return Files.createDirectories(work.resolve("docker-config"));
    }

    @Override
    public String toString() {
        return "exit " + exitCode + "\n--- stdout\n" + out + "--- stderr\n" + err;
    }
}
