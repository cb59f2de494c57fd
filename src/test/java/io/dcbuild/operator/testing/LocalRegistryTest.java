package io.dcbuild.operator.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.Base64;
import java.util.HexFormat;

import org.junit.jupiter.api.Test;

class LocalRegistryTest {

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    @Test
    void servesTheV2EndpointOnLoopbackAndSurvivesARestart() throws Exception {
        Path directory;
        try (LocalRegistry registry = LocalRegistry.startDefault()) {
            assertThat(registry.hostPort()).startsWith("127.0.0.1:");
            assertThat(registry.url()).isEqualTo("http://" + registry.hostPort());

            HttpResponse<String> response = get(registry.url() + "/v2/", null);
            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.headers().firstValue("Docker-Distribution-API-Version")).hasValue("registry/2.0");

            int port = registry.port();
            registry.stop();
            assertThatThrownBy(() -> get(registry.url() + "/v2/", null)).isInstanceOf(ConnectException.class);

            registry.restart();
            assertThat(registry.port()).isEqualTo(port);
            assertThat(get(registry.url() + "/v2/", null).statusCode()).isEqualTo(200);
            directory = registry.logFile().getParent();
        }
        assertThat(directory).doesNotExist();
    }

    @Test
    void authModeAnswers401WithoutCredentialsAnd200WithThem() throws Exception {
        try (LocalRegistry registry = LocalRegistry.builder().basicAuth("ci", "s3cret").start()) {
            HttpResponse<String> anonymous = get(registry.url() + "/v2/", null);
            assertThat(anonymous.statusCode()).isEqualTo(401);
            assertThat(anonymous.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(
                    challenge -> assertThat(challenge).startsWith("Basic"));

            assertThat(get(registry.url() + "/v2/", basic("ci", "wrong")).statusCode()).isEqualTo(401);
            assertThat(get(registry.url() + "/v2/", basic("ci", "s3cret")).statusCode()).isEqualTo(200);
        }
    }

    @Test
    void garbageCollectRemovesAnUnreferencedBlobAndTheRegistryComesBack() throws Exception {
        try (LocalRegistry registry = LocalRegistry.startDefault()) {
            byte[] content = "orphan blob".getBytes(StandardCharsets.UTF_8);
            String digest = "sha256:" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
            String blobUrl = registry.url() + "/v2/scratch/blobs/" + digest;
            // registry 2.8 ignores a monolithic POST body: open a session, then PUT the bytes to its Location
            HttpResponse<String> session = http.send(HttpRequest.newBuilder(
                            URI.create(registry.url() + "/v2/scratch/blobs/uploads/"))
                    .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(session.statusCode()).as(session.body()).isEqualTo(202);
            URI location = URI.create(registry.url()).resolve(session.headers().firstValue("Location").orElseThrow());
            String separator = location.getQuery() == null ? "?" : "&";
            HttpResponse<String> upload = http.send(HttpRequest.newBuilder(
                            URI.create(location + separator + "digest=" + digest))
                    .header("Content-Type", "application/octet-stream")
                    .PUT(HttpRequest.BodyPublishers.ofByteArray(content)).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(upload.statusCode()).as(upload.body()).isEqualTo(201);
            assertThat(head(blobUrl)).isEqualTo(200);

            registry.runGarbageCollect();

            assertThat(registry.isRunning()).isTrue();
            assertThat(head(blobUrl)).isEqualTo(404);
            assertThat(Files.readString(registry.logFile())).contains("blob eligible for deletion: " + digest);
        }
    }

    private int head(String url) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create(url)).method("HEAD", HttpRequest.BodyPublishers.noBody())
                .build(), HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    private HttpResponse<String> get(String url, String authorization) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5));
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder()
                .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }
}
