package io.dcbuild.operator.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import io.dcbuild.operator.testing.GitHttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A git server that only speaks the dumb HTTP protocol (static files of a bare repository, as a plain web server
 * serves them after {@code git update-server-info}): the operator says so instead of failing obscurely.
 */
class DumbHttpGitTest {

    private GitHttpServer smart;
    private HttpServer dumb;

    @AfterEach
    void stop() {
        if (dumb != null) {
            dumb.stop(0);
        }
        if (smart != null) {
            smart.close();
        }
    }

    @Test
    void aDumbHttpServerIsToldClearly() throws Exception {
        smart = GitHttpServer.start();
        smart.createRepository("app");
        String commit = smart.commit("app", "main", Map.of(".devcontainer/devcontainer.json",
                "{\"image\": \"debian:12\"}"));
        Path bare = smart.repository("app").getDirectory().toPath();
        Process info = new ProcessBuilder("git", "update-server-info").directory(bare.toFile())
                .redirectErrorStream(true).start();
        assertThat(info.waitFor(30, TimeUnit.SECONDS) && info.exitValue() == 0).isTrue();
        String url = serveStatically(bare);

        assertThatThrownBy(() -> new GitRefResolver(10).resolve(url, "main", Optional.empty()))
                .isInstanceOfSatisfying(GitSourceException.class, e -> {
                    assertThat(e.kind()).isEqualTo(GitSourceException.Kind.UNSUPPORTED_SERVER);
                    assertThat(e.isPermanent()).isTrue();
                    assertThat(e.getMessage()).contains(url, "dumb HTTP protocol", "smart HTTP");
                });
        assertThat(new GitRefResolver(10).resolve(smart.url("app"), "main", Optional.empty()).commit())
                .as("the same repository over smart HTTP").isEqualTo(commit);
    }

    private String serveStatically(Path root) throws IOException {
        dumb = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        dumb.createContext("/", exchange -> {
            Path file = root.resolve(exchange.getRequestURI().getPath().replaceFirst("^/app\\.git/?", ""))
                    .normalize();
            if (!file.startsWith(root) || !Files.isRegularFile(file)) {
                exchange.sendResponseHeaders(404, -1);
            } else {
                byte[] body = Files.readAllBytes(file);
                exchange.sendResponseHeaders(200, body.length);
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(body);
                }
            }
            exchange.close();
        });
        dumb.start();
        return "http://127.0.0.1:" + dumb.getAddress().getPort() + "/app.git";
    }
}
