package io.dcbuild.operator.testing.gitops;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * One of the Argo CD health checks shipped under {@code deploy/argocd/}, run the way Argo CD runs a check from
 * argocd-cm: by Lua 5.1 (Debian's {@code lua5.1}; Argo CD's gopher-lua speaks that dialect), with the object as the
 * global table {@code obj}, without the string library. The harness {@code src/test/resources/argocd/
 * health-harness.lua} turns the object's JSON into that table and the returned table into JSON.
 */
public final class ArgoCdHealthCheck {

    /** What Argo CD shows: a health status and its message. */
    public record Health(String status, String message) {
    }

    public static final Path DIRECTORY = Path.of("deploy", "argocd");
    private static final Path HARNESS = Path.of("src", "test", "resources", "argocd", "health-harness.lua");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();

    private final Path script;

    private ArgoCdHealthCheck(Path script) {
        this.script = script;
    }

    /** The check of {@code kind} in the group dcbuild.io: {@code deploy/argocd/dcbuild.io/<kind>/health.lua}. */
    public static ArgoCdHealthCheck of(String kind) {
        return new ArgoCdHealthCheck(DIRECTORY.resolve("dcbuild.io").resolve(kind).resolve("health.lua"));
    }

    /** A check at any path, such as one a test writes. */
    public static ArgoCdHealthCheck at(Path script) {
        return new ArgoCdHealthCheck(script);
    }

    public Path script() {
        return script;
    }

    public Health of(HasMetadata object) {
        return ofJson(SERIALIZATION.asJson(object));
    }

    public Health ofJson(String objectJson) {
        String lua = lua().orElseThrow(() -> new AssertionError("lua5.1 is not installed: the Argo CD health "
                + "checks are tested with it (bash .ci/install-deps installs it; or apt-get install lua5.1)"));
        try {
            Process process = new ProcessBuilder(lua, HARNESS.toString(), script.toString()).start();
            CompletableFuture<String> stdout = CompletableFuture.supplyAsync(() -> read(process, false));
            CompletableFuture<String> stderr = CompletableFuture.supplyAsync(() -> read(process, true));
            try (OutputStream in = process.getOutputStream()) {
                in.write(objectJson.getBytes(StandardCharsets.UTF_8));
            }
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new AssertionError(script + " did not finish within 30 s");
            }
            if (process.exitValue() != 0) {
                throw new AssertionError(script + " failed (exit " + process.exitValue() + "): " + stderr.join());
            }
            JsonNode answer = JSON.readTree(stdout.join());
            return new Health(answer.path("status").asText(null), answer.path("message").asText(null));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** {@code lua5.1} on the PATH. */
    public static Optional<String> lua() {
        String path = System.getenv("PATH");
        if (path == null) {
            return Optional.empty();
        }
        for (String directory : path.split(File.pathSeparator)) {
            Path candidate = Path.of(directory, "lua5.1");
            if (Files.isExecutable(candidate)) {
                return Optional.of(candidate.toString());
            }
        }
        return Optional.empty();
    }

    private static String read(Process process, boolean errors) {
        try {
            return new String((errors ? process.getErrorStream() : process.getInputStream()).readAllBytes(),
                    StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
