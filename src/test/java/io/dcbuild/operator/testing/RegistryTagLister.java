package io.dcbuild.operator.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Test-side reader of a registry: {@code GET /v2/<repo>/tags/list} (sorted, empty for an unknown repository) and
 * the digest of a tag, over plain HTTP with optional basic credentials.
 */
final class RegistryTagLister {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient http = HttpClient.newBuilder().proxy(HttpClient.Builder.NO_PROXY)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private final Optional<RegistryCredential> credential;

    RegistryTagLister(Optional<RegistryCredential> credential) {
        this.credential = credential;
    }

    RegistryTagLister() {
        this(Optional.empty());
    }

    List<String> tags(CacheRepository repo) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(
                URI.create("http://" + repo.registry() + "/v2/" + repo.path() + "/tags/list"));
        credential.ifPresent(c -> request.header("Authorization", c.basicAuthorization()));
        HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() == 404) {
            return List.of();
        }
        if (response.statusCode() != 200) {
            throw new IOException("tags/list: HTTP " + response.statusCode() + " " + response.body());
        }
        List<String> tags = new ArrayList<>();
        JsonNode node = JSON.readTree(response.body()).path("tags");
        node.forEach(tag -> tags.add(tag.asText()));
        tags.sort(null);
        return tags;
    }

    String digestOf(CacheRepository repo, String tag) throws IOException, InterruptedException {
        return new RegistryManifestHead().digest(repo, tag, true, credential)
                .orElseThrow(() -> new IOException("no tag " + tag + " in " + repo.reference()));
    }
}
