package io.dcbuild.operator.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.dcbuild.operator.testing.StubHttpServer;
import io.dcbuild.operator.testing.StubHttpServer.Response;

/** Status codes, error bodies, timeouts and redirects that the real registry does not produce on demand. */
class DistributionClientErrorHandlingTest {

    private static final String MANIFEST = "/v2/team/app/manifests/v1";
    private static final String UNSUPPORTED_BODY =
            "{\"errors\":[{\"code\":\"UNSUPPORTED\",\"message\":\"The operation is unsupported.\"}]}";

    private final StubHttpServer server = StubHttpServer.start();
    private final DistributionClient client =
            new DistributionClient(DistributionClient.newHttpClient(), server.hostPort(), true, null);

    @AfterEach
    void stopStub() {
        server.close();
    }

    @Test
    void serverErrorsAndTooManyRequestsAreTransient() {
        server.on("HEAD", MANIFEST, request -> Response.of(503, null));
        server.on("GET", MANIFEST, request -> Response.of(429, "{\"errors\":[{\"code\":\"TOOMANYREQUESTS\","
                + "\"message\":\"slow down\"}]}"));
        server.on("GET", "/v2/team/app/tags/list", request -> Response.of(500, "<html>proxy error</html>"));

        assertThatThrownBy(() -> client.headManifest("team/app", "v1"))
                .isInstanceOf(RegistryUnavailableException.class)
                .hasMessageContaining("HEAD manifest team/app:v1 on registry " + server.hostPort() + ": HTTP 503");
        assertThatThrownBy(() -> client.getManifest("team/app", "v1"))
                .isInstanceOf(RegistryUnavailableException.class)
                .hasMessageContaining("HTTP 429 TOOMANYREQUESTS (slow down)")
                .satisfies(e -> assertThat(((RegistryException) e).errorCode()).isEqualTo("TOOMANYREQUESTS"));
        assertThatThrownBy(() -> client.listTags("team/app"))
                .isInstanceOf(RegistryUnavailableException.class)
                .satisfies(e -> assertThat(((RegistryException) e).statusCode()).isEqualTo(500));
    }

    @Test
    void forbiddenIsAnAuthenticationError() {
        server.on("GET", MANIFEST, request -> Response.of(403, "{\"errors\":[{\"code\":\"DENIED\"}]}"));

        assertThatThrownBy(() -> client.getManifest("team/app", "v1"))
                .isInstanceOf(RegistryAuthenticationException.class)
                .hasMessageContaining("denied access (anonymous) (HTTP 403 DENIED)");
    }

    @Test
    void deleteAnswered400UnsupportedOr405IsUnsupportedNotAnError() {
        String digest = "sha256:" + "1".repeat(64);
        String other = "sha256:" + "2".repeat(64);
        server.on("DELETE", "/v2/team/app/manifests/" + digest, request -> Response.of(400, UNSUPPORTED_BODY));
        server.on("DELETE", "/v2/team/app/manifests/" + other, request -> Response.of(405, UNSUPPORTED_BODY));

        assertThat(client.deleteManifest("team/app", digest)).isEqualTo(DeleteResult.UNSUPPORTED);
        assertThat(client.deleteManifest("team/app", other)).isEqualTo(DeleteResult.UNSUPPORTED);
    }

    @Test
    void aDeleteAnsweredWithAnotherBadRequestIsAnError() {
        String digest = "sha256:" + "3".repeat(64);
        server.on("DELETE", "/v2/team/app/manifests/" + digest, request -> Response.of(400,
                "{\"errors\":[{\"code\":\"DIGEST_INVALID\",\"message\":\"provided digest did not match\"}]}"));

        assertThatThrownBy(() -> client.deleteManifest("team/app", digest))
                .isExactlyInstanceOf(RegistryException.class)
                .hasMessageContaining("DELETE manifest team/app@" + digest)
                .hasMessageContaining("HTTP 400 DIGEST_INVALID");
    }

    @Test
    void aSlowRegistryTimesOutAsTransient() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        server.on("HEAD", MANIFEST, request -> {
            try {
                release.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return Response.of(200, null);
        });
        DistributionClient impatient = new DistributionClient(DistributionClient.newHttpClient(), server.hostPort(),
                true, null, Duration.ofMillis(300));
        try {
            assertThatThrownBy(() -> impatient.headManifest("team/app", "v1"))
                    .isInstanceOf(RegistryUnavailableException.class)
                    .hasMessageContaining("timed out");
        } finally {
            release.countDown();
        }
    }

    @Test
    void everyManifestRequestAcceptsTheFourManifestMediaTypes() {
        server.on("HEAD", MANIFEST, request -> Response.of(404, null));

        client.headManifest("team/app", "v1");

        String accept = server.requestsTo(MANIFEST).get(0).header("Accept");
        assertThat(accept).contains(ManifestMediaTypes.OCI_MANIFEST, ManifestMediaTypes.OCI_INDEX,
                ManifestMediaTypes.DOCKER_MANIFEST, ManifestMediaTypes.DOCKER_MANIFEST_LIST);
    }

    @Test
    void anIndexWithoutDigestHeaderIsRecognisedAndHashedLocally() {
        String index = "{\"schemaVersion\":2,\"mediaType\":\"" + ManifestMediaTypes.OCI_INDEX + "\",\"manifests\":["
                + "{\"mediaType\":\"" + ManifestMediaTypes.OCI_MANIFEST + "\",\"digest\":\"sha256:" + "c".repeat(64)
                + "\",\"size\":512,\"platform\":{\"architecture\":\"amd64\",\"os\":\"linux\"}}]}";
        server.on("GET", MANIFEST, request -> Response.of(200, index, "Content-Type", "application/json"));

        Manifest manifest = client.getManifest("team/app", "v1");

        assertThat(manifest.digest()).isEqualTo(ContentDigest.sha256(index.getBytes(StandardCharsets.UTF_8)));
        assertThat(manifest.isIndex()).isTrue();
        assertThat(manifest.mediaType()).isEqualTo(ManifestMediaTypes.OCI_INDEX);
        assertThat(manifest.config()).isNull();
        assertThat(manifest.manifests()).containsExactly(
                new ManifestDescriptor("sha256:" + "c".repeat(64), ManifestMediaTypes.OCI_MANIFEST, 512));
    }

    @Test
    void aManifestWhoseContentDoesNotMatchTheRequestedDigestIsRejected() {
        String requested = "sha256:" + "d".repeat(64);
        server.on("GET", "/v2/team/app/manifests/" + requested, request -> Response.of(200, "{\"schemaVersion\":2}",
                "Content-Type", ManifestMediaTypes.OCI_MANIFEST));

        assertThatThrownBy(() -> client.getManifest("team/app", requested))
                .isExactlyInstanceOf(RegistryException.class)
                .hasMessageContaining("not the requested digest");
    }

    @Test
    void aBlobRedirectToStorageIsFollowedWithoutTheRegistryCredentials() {
        byte[] content = "{\"created\":\"2024-01-01T00:00:00Z\"}".getBytes(StandardCharsets.UTF_8);
        String digest = ContentDigest.sha256(content);
        try (StubHttpServer storage = StubHttpServer.start()) {
            storage.on("GET", "/bucket/blob", request -> Response.of(200, new String(content, StandardCharsets.UTF_8)));
            server.on("GET", "/v2/team/app/blobs/" + digest, request -> request.header("Authorization") == null
                    ? Response.of(401, null, "WWW-Authenticate", "Basic realm=\"stub\"")
                    : Response.of(307, null, "Location", storage.url() + "/bucket/blob?signature=abc"));
            DistributionClient authenticated = new DistributionClient(DistributionClient.newHttpClient(),
                    server.hostPort(), true, new RegistryCredentials("ci", "pw"));

            assertThat(authenticated.getBlob("team/app", digest)).isEqualTo(content);

            assertThat(storage.requestsTo("/bucket/blob")).singleElement().satisfies(request -> {
                assertThat(request.header("Authorization")).isNull();
                assertThat(request.query()).isEqualTo("signature=abc");
            });
        }
    }

    @Test
    void aBlobWithTheWrongContentIsRejected() {
        String digest = "sha256:" + "e".repeat(64);
        server.on("GET", "/v2/team/app/blobs/" + digest, request -> Response.of(200, "tampered"));

        assertThatThrownBy(() -> client.getBlob("team/app", digest))
                .isInstanceOf(RegistryException.class)
                .hasMessageContaining("GET blob team/app@" + digest)
                .hasMessageContaining("content hashes to sha256:");
    }

    @Test
    void invalidRepositoryNamesAndReferencesAreRejectedBeforeAnyRequest() {
        assertThatThrownBy(() -> client.headManifest("Team/App", "v1"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("invalid repository name 'Team/App'");
        assertThatThrownBy(() -> client.headManifest("team/app", "sha256:ABC"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("invalid digest 'sha256:ABC'");
        assertThatThrownBy(() -> client.headManifest("team/app", "../x"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("invalid tag '../x'");
        assertThat(server.requests()).isEmpty();
    }
}
