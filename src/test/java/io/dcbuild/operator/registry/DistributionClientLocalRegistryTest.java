package io.dcbuild.operator.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.http.HttpClient;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.dcbuild.operator.testing.LocalRegistry;
import io.dcbuild.operator.testing.ScratchImagePusher;

/** The client against a real registry 2.8 with deletes enabled and no authentication. */
class DistributionClientLocalRegistryTest {

    private static final HttpClient HTTP = DistributionClient.newHttpClient();

    private static LocalRegistry registry;
    private static DistributionClient client;

    @BeforeAll
    static void startRegistry() {
        registry = LocalRegistry.startDefault();
        client = new DistributionClient(HTTP, registry.hostPort(), true, null);
    }

    @AfterAll
    static void stopRegistry() {
        if (registry != null) {
            registry.close();
        }
    }

    @Test
    void headManifestReportsTheDigestJibPushed() {
        String pushed = ScratchImagePusher.to(registry).push("head/app:v1", "head one");

        ManifestDescriptor byTag = client.headManifest("head/app", "v1").orElseThrow();
        assertThat(byTag.digest()).isEqualTo(pushed);
        assertThat(byTag.mediaType()).isEqualTo(ManifestMediaTypes.DOCKER_MANIFEST);
        assertThat(byTag.size()).isPositive();

        assertThat(client.headManifest("head/app", pushed)).hasValueSatisfying(
                byDigest -> assertThat(byDigest.digest()).isEqualTo(pushed));
        assertThat(client.headManifest("head/app", "v2")).isEmpty();
        assertThat(client.headManifest("head/app", "sha256:" + "0".repeat(64))).isEmpty();
        assertThat(client.headManifest("never/pushed", "latest")).isEmpty();
    }

    @Test
    void manifestAndConfigBlobCarryTheBackdatedCreationTime() throws Exception {
        Instant created = Instant.parse("2021-03-04T05:06:07Z");
        String pushed = ScratchImagePusher.to(registry).oci()
                .push("config/app:old", "created long ago", created, List.of());

        Manifest manifest = client.getManifest("config/app", "old");

        assertThat(manifest.digest()).isEqualTo(pushed).isEqualTo(ContentDigest.sha256(manifest.bytes()));
        assertThat(manifest.mediaType()).isEqualTo(ManifestMediaTypes.OCI_MANIFEST);
        assertThat(manifest.isImage()).isTrue();
        assertThat(manifest.layers()).hasSize(1);
        assertThat(manifest.config().mediaType()).isEqualTo("application/vnd.oci.image.config.v1+json");

        byte[] config = client.getBlob("config/app", manifest.config().digest());
        assertThat(config).hasSize((int) manifest.config().size());
        String createdField = new ObjectMapper().readTree(config).path("created").asText();
        assertThat(Instant.parse(createdField)).isEqualTo(created);

        assertThat(client.getManifest("config/app", pushed).digest()).isEqualTo(pushed);
    }

    @Test
    void getManifestOfAMissingTagIsA404RegistryException() {
        ScratchImagePusher.to(registry).push("missing/app:present", "present");

        assertThatThrownBy(() -> client.getManifest("missing/app", "absent"))
                .isExactlyInstanceOf(RegistryException.class)
                .hasMessageContaining("GET manifest missing/app:absent on registry " + registry.hostPort())
                .hasMessageContaining("HTTP 404 MANIFEST_UNKNOWN")
                .satisfies(e -> assertThat(((RegistryException) e).isNotFound()).isTrue());
    }

    @Test
    void listTagsSeesEveryTagOfEveryManifest() {
        ScratchImagePusher.to(registry).push("tags/app:a", "first", Instant.EPOCH, List.of("b", "c"));
        ScratchImagePusher.to(registry).push("tags/app:d", "second");

        assertThat(client.listTags("tags/app")).containsExactlyInAnyOrder("a", "b", "c", "d");
        assertThat(client.listTags("tags/never-pushed")).isEmpty();
    }

    @Test
    void deleteManifestRemovesTheManifestWithAllItsTags() {
        String doomed = ScratchImagePusher.to(registry).push("delete/app:x1", "doomed", Instant.EPOCH, List.of("x2"));
        String kept = ScratchImagePusher.to(registry).push("delete/app:y1", "kept");

        assertThat(client.deleteManifest("delete/app", doomed)).isEqualTo(DeleteResult.DELETED);

        assertThat(client.headManifest("delete/app", "x1")).isEmpty();
        assertThat(client.headManifest("delete/app", "x2")).isEmpty();
        assertThat(client.headManifest("delete/app", doomed)).isEmpty();
        assertThat(client.listTags("delete/app")).containsExactly("y1");
        assertThat(client.deleteManifest("delete/app", doomed)).isEqualTo(DeleteResult.NOT_FOUND);

        // the last manifest gone: registry 2.8 answers "tags": null
        assertThat(client.deleteManifest("delete/app", kept)).isEqualTo(DeleteResult.DELETED);
        assertThat(client.listTags("delete/app")).isEmpty();
    }

    @Test
    void deleteManifestRejectsATagBecauseOnlyDigestsCanBeDeleted() {
        assertThatThrownBy(() -> client.deleteManifest("delete/app", "latest"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("invalid digest 'latest'");
    }

    @Test
    void putManifestPinsAnImageWithAnExtraTagThatADeleteAlsoRemoves() {
        String pushed = ScratchImagePusher.to(registry).push("pin/app:latest", "pinned");
        Manifest manifest = client.getManifest("pin/app", "latest");

        String pinned = client.putManifest("pin/app", "dcbuild-pin-1", manifest.bytes(), manifest.mediaType());

        assertThat(pinned).isEqualTo(pushed);
        assertThat(client.headManifest("pin/app", "dcbuild-pin-1").orElseThrow().digest()).isEqualTo(pushed);
        assertThat(client.listTags("pin/app")).containsExactlyInAnyOrder("latest", "dcbuild-pin-1");

        client.deleteManifest("pin/app", pushed);
        assertThat(client.listTags("pin/app")).isEmpty();
    }

    @Test
    void aStoppedRegistryIsUnavailableAndWorksAgainAfterRestart() {
        try (LocalRegistry flaky = LocalRegistry.startDefault()) {
            String pushed = ScratchImagePusher.to(flaky).push("flaky/app:v1", "flaky");
            DistributionClient flakyClient = new DistributionClient(HTTP, flaky.hostPort(), true, null);

            flaky.stop();
            assertThatThrownBy(() -> flakyClient.headManifest("flaky/app", "v1"))
                    .isInstanceOf(RegistryUnavailableException.class)
                    .hasMessageContaining("HEAD manifest flaky/app:v1 on registry " + flaky.hostPort())
                    .hasMessageContaining("cannot connect");

            flaky.restart();
            assertThat(flakyClient.headManifest("flaky/app", "v1").orElseThrow().digest()).isEqualTo(pushed);
        }
    }

    @Test
    void aRegistryWithDeletesDisabledAnswersUnsupportedAndKeepsTheManifest() {
        try (LocalRegistry noDeletes = LocalRegistry.builder().deletesEnabled(false).start()) {
            String pushed = ScratchImagePusher.to(noDeletes).push("keep/app:v1", "kept forever");
            DistributionClient noDeletesClient = new DistributionClient(HTTP, noDeletes.hostPort(), true, null);

            assertThat(noDeletesClient.deleteManifest("keep/app", pushed)).isEqualTo(DeleteResult.UNSUPPORTED);
            assertThat(noDeletesClient.headManifest("keep/app", "v1")).isPresent();
        }
    }
}
