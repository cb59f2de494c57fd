package io.dcbuild.operator.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/**
 * {@code HEAD /v2/<repo>/manifests/<tag or digest>} against a registry with the JDK HttpClient, sending the four
 * manifest media types and, when given, preemptive basic credentials (enough for distribution's htpasswd auth;
 * bearer-token registries are not supported). Returns the {@code Docker-Content-Digest}, or empty on 404.
 *
 * <p>{@link #created} reads an image's config {@code created} the way kaniko's cache lookup does (manifest GET,
 * then config blob GET), with the same credentials and plain-HTTP handling.
 */
final class RegistryManifestHead {

    private static final ObjectMapper JSON = new ObjectMapper();

    static final String ACCEPT = String.join(", ",
            "application/vnd.oci.image.manifest.v1+json",
            "application/vnd.oci.image.index.v1+json",
            "application/vnd.docker.distribution.manifest.v2+json",
            "application/vnd.docker.distribution.manifest.list.v2+json");

    private final HttpClient http = HttpClient.newBuilder()
            .connectTimeout(Duration.ofSeconds(5))
            .proxy(HttpClient.Builder.NO_PROXY)
            .followRedirects(HttpClient.Redirect.NORMAL)
            .build();

    Optional<String> digest(CacheRepository repo, String tagOrDigest, boolean plainHttp,
            Optional<RegistryCredential> credential) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(repo.manifestUrl(tagOrDigest, plainHttp)))
                .method("HEAD", HttpRequest.BodyPublishers.noBody())
                .timeout(Duration.ofSeconds(20))
                .header("Accept", ACCEPT);
        credential.ifPresent(c -> request.header("Authorization", c.basicAuthorization()));
        HttpResponse<Void> response = http.send(request.build(), HttpResponse.BodyHandlers.discarding());
        if (response.statusCode() == 404) {
            return Optional.empty();
        }
        if (response.statusCode() != 200) {
            throw new IOException("HEAD " + request.build().uri() + ": HTTP " + response.statusCode());
        }
        return Optional.of(response.headers().firstValue("Docker-Content-Digest")
                .orElseThrow(() -> new IOException("no Docker-Content-Digest from " + request.build().uri())));
    }

    /**
     * The config {@code created} of the image at {@code tag}: {@code GET /v2/<repo>/manifests/<tag>}, then
     * {@code GET /v2/<repo>/blobs/<config digest>}. Empty when the manifest is not there (404); an image index or a
     * config without {@code created} is an {@link IOException}, as is any other status.
     */
    Optional<Instant> created(CacheRepository repo, String tag, boolean plainHttp,
            Optional<RegistryCredential> credential) throws IOException, InterruptedException {
        HttpResponse<String> manifest = get(URI.create(repo.manifestUrl(tag, plainHttp)), credential);
        if (manifest.statusCode() == 404) {
            return Optional.empty();
        }
        String configDigest = JSON.readTree(ok(manifest)).path("config").path("digest").asText("");
        if (configDigest.isEmpty()) {
            throw new IOException("no config digest in the manifest of " + repo.tagged(tag));
        }
        String blobUrl = (plainHttp ? "http://" : "https://") + repo.registry() + "/v2/" + repo.path() + "/blobs/"
                + configDigest;
        JsonNode config = JSON.readTree(ok(get(URI.create(blobUrl), credential)));
        String created = config.path("created").asText("");
        try {
            return Optional.of(OffsetDateTime.parse(created).toInstant());
        } catch (DateTimeParseException e) {
            throw new IOException("config of " + repo.tagged(tag) + " has no valid created: '" + created + "'", e);
        }
    }

    private HttpResponse<String> get(URI uri, Optional<RegistryCredential> credential)
            throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri)
                .GET()
                .timeout(Duration.ofSeconds(20))
                .header("Accept", ACCEPT);
        credential.ifPresent(c -> request.header("Authorization", c.basicAuthorization()));
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String ok(HttpResponse<String> response) throws IOException {
        if (response.statusCode() != 200) {
            throw new IOException("GET " + response.uri() + ": HTTP " + response.statusCode());
        }
        return response.body();
    }
}
