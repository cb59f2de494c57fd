package io.dcbuild.operator.testing;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A real OCI registry (Debian's {@code docker-registry}, distribution 2.8.2) running as a child process on
 * {@code 127.0.0.1:PORT}, with its own config, storage and log file in a temp directory.
 *
 * <pre>{@code
 * try (LocalRegistry registry = LocalRegistry.builder().deletesEnabled(false).start()) {
 *     String image = registry.hostPort() + "/cache/repo:tag";
 * }
 * }</pre>
 *
 * The process output goes to {@link #logFile()}, not to the test console.
 */
public final class LocalRegistry implements AutoCloseable {

    public static final Path REGISTRY_BINARY = Path.of("/usr/bin/docker-registry");

    /*
     * The registry only accepts bcrypt entries in its htpasswd file. Nothing on the test classpath offers bcrypt
     * (no Bouncy Castle, no jBCrypt), so the file is produced by `htpasswd -Bbn` from Debian's apache2-utils,
     * which works offline once installed.
     */
    public static final Path HTPASSWD_BINARY = Path.of("/usr/bin/htpasswd");

    private static final Duration START_TIMEOUT = Duration.ofSeconds(20);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(10);
    private static final int START_ATTEMPTS = 3;

    private final Path directory;
    private final Path storage;
    private final Path config;
    private final Path log;
    private final boolean deletesEnabled;
    private final String username;
    private final String password;
    private final HttpClient probeClient = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final Thread killOnExit = new Thread(this::stop, "local-registry-shutdown");
    private int port;
    private Process process;

    private LocalRegistry(Builder builder) throws IOException {
        this.deletesEnabled = builder.deletesEnabled;
        this.username = builder.username;
        this.password = builder.password;
        this.directory = builder.parentDirectory == null ? Files.createTempDirectory("local-registry-")
                : Files.createTempDirectory(builder.parentDirectory, "local-registry-");
        this.storage = Files.createDirectories(directory.resolve("storage"));
        // garbage-collect fails with "Path not found: /docker/registry/v2/repositories" on a never-pushed-to store
        Files.createDirectories(storage.resolve("docker/registry/v2/repositories"));
        this.config = directory.resolve("config.yml");
        this.log = directory.resolve("registry.log");
        // a test that forgets close() must not leave a registry running after the JVM exits
        Runtime.getRuntime().addShutdownHook(killOnExit);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** A registry with deletes enabled and no authentication. */
    public static LocalRegistry startDefault() {
        return builder().start();
    }

    /** {@code 127.0.0.1:PORT}, the registry part of an image reference. */
    public String hostPort() {
        return "127.0.0.1:" + port;
    }

    /** {@code http://127.0.0.1:PORT}. */
    /**
     * The digest this registry serves for {@code repository} at a tag or digest ({@code HEAD} on the manifest, plain
     * http, anonymous), or empty when it answers 404.
     */
    public java.util.Optional<String> manifestDigest(String repository, String reference) {
        try {
            return new RegistryManifestHead().digest(CacheRepository.parse(hostPort() + "/" + repository), reference,
                    true, java.util.Optional.empty());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public String url() {
        return "http://" + hostPort();
    }

    public int port() {
        return port;
    }

    public Path storageDirectory() {
        return storage;
    }

    public Path logFile() {
        return log;
    }

    public boolean deletesEnabled() {
        return deletesEnabled;
    }

    public boolean requiresAuthentication() {
        return username != null;
    }

    public boolean isRunning() {
        return process != null && process.isAlive();
    }

    /** Stops the process; storage, port and config are kept for {@link #restart()}. */
    public void stop() {
        if (process == null) {
            return;
        }
        process.destroy();
        try {
            if (!process.waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly().waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
        process = null;
    }

    /** Starts the registry again on the same port with the same storage (after {@link #stop()} or while running). */
    public void restart() {
        stop();
        launchAndAwaitReady();
    }

    /** Offline blob garbage collection: stop, {@code docker-registry garbage-collect config.yml}, start. */
    public void runGarbageCollect() {
        runGarbageCollect(false);
    }

    /**
     * Offline blob garbage collection.
     *
     * @param deleteUntagged also delete manifests that no tag references ({@code --delete-untagged})
     */
    public void runGarbageCollect(boolean deleteUntagged) {
        stop();
        List<String> command = new ArrayList<>(List.of(REGISTRY_BINARY.toString(), "garbage-collect"));
        if (deleteUntagged) {
            command.add("--delete-untagged");
        }
        command.add(config.toString());
        try {
            Process gc = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                    .start();
            if (!gc.waitFor(60, TimeUnit.SECONDS)) {
                gc.destroyForcibly();
                throw new IllegalStateException("registry garbage-collect did not finish within 60 s; see " + log);
            }
            if (gc.exitValue() != 0) {
                throw new IllegalStateException(
                        "registry garbage-collect exited with " + gc.exitValue() + ": " + logTail());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted during registry garbage-collect", e);
        }
        launchAndAwaitReady();
    }

    /** Kills the process and deletes the temp directory (storage and log included). */
    @Override
    public void close() {
        stop();
        deleteRecursively(directory);
        try {
            Runtime.getRuntime().removeShutdownHook(killOnExit);
        } catch (IllegalStateException alreadyShuttingDown) {
            // the hook is running or has run: nothing to remove
        }
    }

    @Override
    public String toString() {
        return "LocalRegistry[" + hostPort() + ", deletes=" + deletesEnabled + ", auth=" + requiresAuthentication()
                + ", dir=" + directory + "]";
    }

    private void firstStart() throws IOException {
        if (username != null) {
            writeHtpasswd();
        }
        IllegalStateException last = null;
        for (int attempt = 1; attempt <= START_ATTEMPTS; attempt++) {
            port = freeLoopbackPort();
            writeConfig();
            try {
                launchAndAwaitReady();
                return;
            } catch (IllegalStateException e) {
                // most likely somebody else took the port between probing and binding: try another one
                stop();
                last = e;
            }
        }
        throw last;
    }

    private void launchAndAwaitReady() {
        try {
            process = new ProcessBuilder(REGISTRY_BINARY.toString(), "serve", config.toString())
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                    .start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + REGISTRY_BINARY, e);
        }
        Process started = process;
        try {
            await("registry /v2/ on " + hostPort())
                    .atMost(START_TIMEOUT)
                    .pollInterval(Duration.ofMillis(50))
                    .until(() -> {
                        if (!started.isAlive()) {
                            throw new IllegalStateException("registry on " + hostPort() + " exited with "
                                    + started.exitValue() + ": " + logTail());
                        }
                        return answersV2();
                    });
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            throw new IllegalStateException("registry on " + hostPort() + " did not answer /v2/ within "
                    + START_TIMEOUT.toSeconds() + " s: " + logTail(), e);
        }
    }

    private boolean answersV2() {
        try {
            HttpResponse<Void> response = probeClient.send(
                    HttpRequest.newBuilder(URI.create(url() + "/v2/")).timeout(Duration.ofSeconds(2)).build(),
                    HttpResponse.BodyHandlers.discarding());
            return response.statusCode() == 200 || response.statusCode() == 401;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private void writeConfig() throws IOException {
        StringBuilder yaml = new StringBuilder()
                .append("version: 0.1\n")
                .append("log:\n")
                .append("  level: warn\n")
                .append("  accesslog:\n")
                .append("    disabled: true\n")
                .append("storage:\n")
                .append("  filesystem:\n")
                .append("    rootdirectory: ").append(storage).append('\n')
                .append("  delete:\n")
                .append("    enabled: ").append(deletesEnabled).append('\n')
                .append("  maintenance:\n")
                .append("    uploadpurging:\n")
                .append("      enabled: false\n")
                .append("http:\n")
                .append("  addr: ").append(hostPort()).append('\n')
                // fixed so that upload sessions survive restart(); also silences the "no HTTP secret" warning
                .append("  secret: local-registry-test-secret\n");
        if (username != null) {
            yaml.append("auth:\n")
                    .append("  htpasswd:\n")
                    .append("    realm: local-registry\n")
                    .append("    path: ").append(directory.resolve("htpasswd")).append('\n');
        }
        Files.writeString(config, yaml.toString());
    }

    private void writeHtpasswd() throws IOException {
        if (!Files.isExecutable(HTPASSWD_BINARY)) {
            throw new IllegalStateException(HTPASSWD_BINARY + " is missing (needed for a bcrypt htpasswd file); "
                    + "install it as root with: apt-get install -y --no-install-recommends apache2-utils");
        }
        Process htpasswd = new ProcessBuilder(HTPASSWD_BINARY.toString(), "-Bbn", username, password)
                .redirectError(ProcessBuilder.Redirect.DISCARD)
                .start();
        String entry;
        try {
            entry = new String(htpasswd.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            if (!htpasswd.waitFor(30, TimeUnit.SECONDS) || htpasswd.exitValue() != 0 || entry.isEmpty()) {
                throw new IllegalStateException("htpasswd -Bbn failed for user " + username);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running htpasswd", e);
        }
        Files.writeString(directory.resolve("htpasswd"), entry + "\n");
    }

    private String logTail() {
        try {
            List<String> lines = Files.readAllLines(log);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 20), lines.size()));
        } catch (IOException e) {
            return "(no log at " + log + ")";
        }
    }

    private static int freeLoopbackPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        }
    }

    private static void deleteRecursively(Path root) {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + root, e);
        }
    }

    /** Options of a {@link LocalRegistry}; {@link #start()} launches it and waits until it answers. */
    public static final class Builder {

        private boolean deletesEnabled = true;
        private Path parentDirectory;
        private String username;
        private String password;

        private Builder() {
        }

        /**
         * Where to create the registry's directory (storage, config, log) instead of {@code java.io.tmpdir}; e.g.
         * {@code /dev/shm} for a benchmark, where a disk's file-system journal would dominate the timings.
         */
        public Builder parentDirectory(Path parent) {
            this.parentDirectory = parent;
            return this;
        }

        /** Whether {@code DELETE /v2/<name>/manifests/<digest>} is allowed (default true). */
        public Builder deletesEnabled(boolean enabled) {
            this.deletesEnabled = enabled;
            return this;
        }

        /** Require HTTP basic authentication with this user and password (htpasswd, bcrypt). */
        public Builder basicAuth(String user, String pass) {
            if (user == null || user.isEmpty() || user.contains(":") || pass == null) {
                throw new IllegalArgumentException("basic auth needs a non-empty user without ':' and a password");
            }
            this.username = user;
            this.password = pass;
            return this;
        }

        public LocalRegistry start() {
            if (!Files.isExecutable(REGISTRY_BINARY)) {
                throw new IllegalStateException(REGISTRY_BINARY + " is missing; install it as root with: "
                        + "apt-get install -y --no-install-recommends docker-registry");
            }
            LocalRegistry registry = null;
            try {
                registry = new LocalRegistry(this);
                registry.firstStart();
                return registry;
            } catch (IOException e) {
                if (registry != null) {
                    registry.close();
                }
                throw new UncheckedIOException("cannot start the local registry", e);
            } catch (RuntimeException e) {
                if (registry != null) {
                    registry.close();
                }
                throw e;
            }
        }
    }
}
