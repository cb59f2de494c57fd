package io.dcbuild.operator.testing;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The images the simulator pushes, checked in a real registry. */
class SimulatedCacheImagesTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path workDir;

    @Test
    void locallyComputedFinalDigestEqualsTheDigestOfThePushedLatest() throws Exception {
        try (LocalRegistry registry = LocalRegistry.startDefault()) {
            CacheRepository repo = CacheRepository.parse(registry.hostPort() + "/cache/images");
            List<CacheStep> steps = CacheKeyChain.compute(
                    DockerfileInstructions.parse("FROM debian:12\nRUN one\nCOPY . /x\n"), "ctx");
            SimulatedCacheImages images = new SimulatedCacheImages(repo, true, Optional.empty(), workDir);

            String predicted = images.finalImageDigest(steps);
            for (CacheStep step : steps) {
                images.pushStep(step);
            }
            Instant afterStepPushes = Instant.now();
            String pushed = images.pushFinal(steps);

            assertThat(pushed).isEqualTo(predicted).matches("sha256:[0-9a-f]{64}");
            assertThat(new RegistryTagLister().digestOf(repo, "latest")).isEqualTo(pushed);
            assertThat(new SimulatedCacheImages(repo, true, Optional.empty(), workDir).finalImageDigest(steps))
                    .isEqualTo(pushed);

            JsonNode latestConfig = config(registry, repo, "latest");
            assertThat(latestConfig.path("created").asText()).startsWith("1970-01-01T00:00:00");
            JsonNode stepConfig = config(registry, repo, steps.get(0).key());
            Instant stepCreated = Instant.parse(stepConfig.path("created").asText());
            assertThat(stepCreated).isBetween(afterStepPushes.minus(Duration.ofMinutes(1)), afterStepPushes);

            JsonNode latestManifest = manifest(registry, repo, "latest");
            JsonNode stepManifest = manifest(registry, repo, steps.get(0).key());
            // two Dockerfile steps, then the two Envbuilder appends (its binary and marker)
            assertThat(latestManifest.path("layers")).hasSize(4);
            assertThat(stepManifest.path("layers")).hasSize(1);
            assertThat(latestManifest.path("layers").get(0).path("digest"))
                    .isEqualTo(stepManifest.path("layers").get(0).path("digest"));
        }
    }

    private static JsonNode manifest(LocalRegistry registry, CacheRepository repo, String tag) throws Exception {
        return JSON.readTree(get(registry.url() + "/v2/" + repo.path() + "/manifests/" + tag));
    }

    private static JsonNode config(LocalRegistry registry, CacheRepository repo, String tag) throws Exception {
        String configDigest = manifest(registry, repo, tag).path("config").path("digest").asText();
        return JSON.readTree(get(registry.url() + "/v2/" + repo.path() + "/blobs/" + configDigest));
    }

    private static String get(String url) throws Exception {
        HttpClient http = HttpClient.newBuilder().proxy(HttpClient.Builder.NO_PROXY)
                .followRedirects(HttpClient.Redirect.NORMAL).build();
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(url))
                .header("Accept", RegistryManifestHead.ACCEPT).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(url).isEqualTo(200);
        return response.body();
    }
}
