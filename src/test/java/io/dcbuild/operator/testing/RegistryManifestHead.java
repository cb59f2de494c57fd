package io.dcbuild.operator.testing;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Optional;

/**
 * {@code HEAD /v2/<repo>/manifests/<tag or digest>} against a registry with the JDK HttpClient, sending the four
 * manifest media types and, when given, preemptive basic credentials (enough for distribution's htpasswd auth;
 * bearer-token registries are not supported). Returns the {@code Docker-Content-Digest}, or empty on 404.
 */
final class RegistryManifestHead {

    static final String ACCEPT = String.join(", ",
            "application/vnd.oci.image.manifest.v1+json",
            "application/vnd.oci.image.index.v1+json",
            "application/vnd.docker.distribution.manifest.v2+json",
            "application/vnd.docker.distribution.manifest.list.v2+json");

    private final HttpClient http = HttpClient.newBuilder()
            .connectTimeout(Duration.ofSeconds(5))
            .proxy(HttpClient.Builder.NO_PROXY)
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
}
