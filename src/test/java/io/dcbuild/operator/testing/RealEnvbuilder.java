package io.dcbuild.operator.testing;

import io.dcbuild.operator.testing.controlplane.UpstreamBinaries;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The <b>real</b> Envbuilder ({@code github.com/coder/envbuilder}, built from its Go module by
 * {@code test-infra/control-plane/build.sh --envbuilder-only}) run for one container of the sandbox kubelet, in a
 * {@link ThrowawayRoot}. Its environment is the container's, resolved as a kubelet does, plus what the image
 * {@code ghcr.io/coder/envbuilder} sets ({@code KANIKO_DIR=/.envbuilder}) and a container runtime's default
 * {@code PATH}; nothing of this JVM's environment. Its output (stdout and stderr, merged as a container log is) is the
 * log, line by line; its exit code is the container's.
 */
public final class RealEnvbuilder {

    /** The environment variable that chooses: {@code real}, {@code simulated} or {@code auto} (the default). */
    public static final String SETTING = "DCBUILD_SANDBOX_ENVBUILDER";
    static final String RUNTIME_PATH = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";
    private static final Path BWRAP = Path.of("/usr/bin/bwrap");

    private final Path binary;
    private final Path rootsParent;

    private RealEnvbuilder(Path binary, Path rootsParent) {
        this.binary = binary;
        this.rootsParent = rootsParent;
    }

    /**
     * The real Envbuilder, or why this machine cannot run it: the binary is not built, bubblewrap is missing, or a
     * throwaway root cannot be made here (no root, no namespaces). The check runs {@code envbuilder --help} in a
     * throwaway root, which is what every pod needs.
     */
    public static Availability detect() {
        String setting = Optional.ofNullable(System.getenv(SETTING)).orElse("auto").trim();
        if (setting.equals("simulated")) {
            return new Availability(Optional.empty(), SETTING + "=simulated");
        }
        Optional<Path> binary = UpstreamBinaries.envbuilder();
        if (binary.isEmpty()) {
            return new Availability(Optional.empty(), "the Envbuilder binary is not built (make envbuilder)");
        }
        if (!Files.isExecutable(BWRAP)) {
            return new Availability(Optional.empty(), BWRAP + " is missing (Debian package bubblewrap)");
        }
        RealEnvbuilder real = new RealEnvbuilder(binary.get(),
                Path.of(System.getProperty("java.io.tmpdir"), "dcbuild-envbuilder-roots"));
        try {
            ThrowawayRoot.deleteStale(real.rootsParent, Duration.ofHours(6)); // longer than any pod deadline
            EnvbuilderLog log = new EnvbuilderLog(text -> { });
            int exit = real.run(List.of("--help"), Map.of(), Map.of(), log, Duration.ofSeconds(60));
            if (exit != 0 || !log.text().contains("ENVBUILDER_")) {
                return new Availability(Optional.empty(), "envbuilder --help in a throwaway root exited " + exit
                        + ": " + LastLines.of(log.text(), 5));
            }
        } catch (IOException e) {
            return new Availability(Optional.empty(), "no throwaway root could be made: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Availability(Optional.empty(), "interrupted");
        }
        return new Availability(Optional.of(real), "real Envbuilder " + binary.get());
    }

    /** The real binary if this machine can run it, and what a test or the demo prints about it. */
    public record Availability(Optional<RealEnvbuilder> envbuilder, String description) {

        /** Whether the setting demands the real one (then a machine that cannot run it is an error, not a skip). */
        public boolean required() {
            return "real".equals(Optional.ofNullable(System.getenv(SETTING)).orElse("").trim());
        }
    }

    /**
     * Runs Envbuilder with {@code env} until it exits or {@code deadline} passes (then it is killed, as
     * {@code activeDeadlineSeconds} does, and the exit code is 137). {@code readOnlyDirectories} are host
     * directories mounted read-only at their paths (ConfigMap volumes).
     */
    public int run(Map<String, String> env, Map<Path, String> readOnlyDirectories, EnvbuilderLog log,
            Duration deadline) throws IOException, InterruptedException {
        return run(List.of(), env, readOnlyDirectories, log, deadline);
    }

    private int run(List<String> arguments, Map<String, String> env, Map<Path, String> readOnlyDirectories,
            EnvbuilderLog log, Duration deadline) throws IOException, InterruptedException {
        try (ThrowawayRoot root = ThrowawayRoot.create(rootsParent, binary)) {
            readOnlyDirectories.forEach(root::mountReadOnly);
            List<String> command = new java.util.ArrayList<>(root.command(BWRAP));
            command.addAll(arguments);
            ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                    .directory(root.directory().toFile());
            Map<String, String> processEnv = builder.environment();
            processEnv.clear();
            processEnv.put("PATH", RUNTIME_PATH);
            processEnv.put("HOME", "/root");
            processEnv.put("KANIKO_DIR", "/.envbuilder");
            processEnv.putAll(env); // secrets travel in the environment, never on the command line
            Process process = builder.start();
            Thread reader = new Thread(() -> {
                try (BufferedReader lines = new BufferedReader(new InputStreamReader(process.getInputStream(),
                        StandardCharsets.UTF_8))) {
                    String line;
                    while ((line = lines.readLine()) != null) {
                        log.line(line);
                    }
                } catch (IOException e) {
                    // the process is gone
                }
            }, "envbuilder-log-" + process.pid());
            reader.setDaemon(true);
            reader.start();
            try {
                if (!process.waitFor(deadline.toMillis(), TimeUnit.MILLISECONDS)) {
                    process.destroyForcibly(); // bwrap's PID namespace ends with it: every process of the build
                    process.waitFor();
                    reader.join(5_000);
                    log.line("simulated kubelet: deadline of " + deadline.toSeconds() + "s exceeded, killed");
                    return 137;
                }
                reader.join(5_000);
                return process.exitValue();
            } finally {
                if (process.isAlive()) { // interrupted: the pod is gone or the kubelet closes
                    process.destroyForcibly().waitFor();
                }
            }
        }
    }

    /** The last lines of a text, for a one-line reason. */
    private static final class LastLines {
        static String of(String text, int count) {
            String[] lines = text.strip().split("\n");
            return String.join(" / ", java.util.Arrays.asList(lines).subList(Math.max(0, lines.length - count),
                    lines.length));
        }
    }
}
