package io.dcbuild.operator.testing;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.eclipse.jgit.util.FileUtils;

/**
 * A real HTTP proxy for tests: Debian's {@code tinyproxy} run in the foreground ({@code tinyproxy -d -c conf})
 * with its own configuration, listening on a free port of 127.0.0.1 and accepting clients from 127.0.0.1 only.
 * Its log file proves which requests went through it: see {@link #requestLog()}.
 *
 * <p>Needs {@code /usr/bin/tinyproxy} ({@code apt-get install -y tinyproxy}). No {@code User}/{@code Group}
 * lines are written, so it keeps running as the current user.
 */
public final class LocalProxy implements AutoCloseable {

    private static final String BINARY = "/usr/bin/tinyproxy";
    private static final String REQUEST_MARKER = "Request (file descriptor ";
    private static final int START_ATTEMPTS = 3;

    private final Path dir;
    private final Path logFile;
    private final Path outputFile;
    private final int port;
    private final Process process;

    private LocalProxy(Path dir, int port, Process process) {
        this.dir = dir;
        this.logFile = dir.resolve("tinyproxy.log");
        this.outputFile = dir.resolve("tinyproxy.out");
        this.port = port;
        this.process = process;
    }

    /** Starts tinyproxy and returns once its port accepts connections. */
    public static LocalProxy start() {
        if (!Files.isExecutable(Path.of(BINARY))) {
            throw new IllegalStateException(BINARY + " is missing: apt-get install -y tinyproxy");
        }
        try {
            Path dir = Files.createTempDirectory("tinyproxy");
            IllegalStateException last = null;
            for (int attempt = 0; attempt < START_ATTEMPTS; attempt++) {
                try {
                    return startOn(dir, FreeLoopbackPort.find());
                } catch (IllegalStateException e) {
                    last = e; // most likely lost the race for the port: try another one
                }
            }
            throw last;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static LocalProxy startOn(Path dir, int port) throws IOException {
        Path conf = dir.resolve("tinyproxy.conf");
        Files.writeString(conf, String.join("\n",
                "Port " + port,
                "Listen 127.0.0.1",
                "Timeout 120",
                "LogFile \"" + dir.resolve("tinyproxy.log") + "\"",
                "LogLevel Info",
                "PidFile \"" + dir.resolve("tinyproxy.pid") + "\"",
                "MaxClients 50",
                "Allow 127.0.0.1",
                ""), StandardCharsets.UTF_8);
        Files.deleteIfExists(dir.resolve("tinyproxy.log"));
        Process process = new ProcessBuilder(BINARY, "-d", "-c", conf.toString())
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("tinyproxy.out").toFile())
                .start();
        LocalProxy proxy = new LocalProxy(dir, port, process);
        try {
            await("tinyproxy listening on 127.0.0.1:" + port)
                    .atMost(Duration.ofSeconds(10))
                    .pollInterval(Duration.ofMillis(50))
                    .until(() -> !process.isAlive() || FreeLoopbackPort.answers(port));
        } catch (RuntimeException e) {
            proxy.stopProcess();
            throw new IllegalStateException("tinyproxy did not start: " + proxy.output(), e);
        }
        if (!process.isAlive()) {
            throw new IllegalStateException("tinyproxy exited with " + process.exitValue() + ": " + proxy.output());
        }
        return proxy;
    }

    public int port() {
        return port;
    }

    /** {@code 127.0.0.1:PORT}. */
    public String hostPort() {
        return "127.0.0.1:" + port;
    }

    /** {@code http://127.0.0.1:PORT}, the value for {@code HTTP_PROXY} / {@code HTTPS_PROXY}. */
    public String url() {
        return "http://" + hostPort();
    }

    /**
     * Log lines of proxied requests, in order, e.g. {@code ... Request (file descriptor 6): GET http://127.0.0.1:
     * 8080/x HTTP/1.1} or {@code ... CONNECT 127.0.0.1:8443 HTTP/1.1}.
     */
    public List<String> requestLog() {
        return fullLog().stream().filter(line -> line.contains(REQUEST_MARKER)).toList();
    }

    /** The request part of {@link #requestLog()} lines only, e.g. {@code GET http://127.0.0.1:8080/x HTTP/1.1}. */
    public List<String> requests() {
        return requestLog().stream()
                .map(line -> line.substring(line.indexOf("): ", line.indexOf(REQUEST_MARKER)) + 3))
                .toList();
    }

    /** Every line tinyproxy logged so far. */
    public List<String> fullLog() {
        try {
            return Files.exists(logFile) ? Files.readAllLines(logFile, StandardCharsets.UTF_8) : List.of();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private String output() {
        try {
            return Files.exists(outputFile) ? Files.readString(outputFile, StandardCharsets.UTF_8) : "";
        } catch (IOException e) {
            return "(no output: " + e.getMessage() + ")";
        }
    }

    private void stopProcess() {
        process.destroy();
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        stopProcess();
        try {
            FileUtils.delete(dir.toFile(), FileUtils.RECURSIVE | FileUtils.RETRY | FileUtils.SKIP_MISSING);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
