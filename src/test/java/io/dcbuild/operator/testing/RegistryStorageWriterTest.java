package io.dcbuild.operator.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dcbuild.operator.registry.DeleteResult;
import io.dcbuild.operator.registry.DistributionClient;
import io.dcbuild.operator.registry.Manifest;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Images written into the storage of a stopped registry are served as if pushed, and can be deleted. */
class RegistryStorageWriterTest {

    @Test
    void theRestartedRegistryServesTagsDeletesAndCollectsWrittenImages() {
        try (LocalRegistry registry = LocalRegistry.startDefault()) {
            assertThatThrownBy(() -> RegistryStorageWriter.into(registry)).hasMessageContaining("stop the registry");
            TinyImage.Layer layer = TinyImage.Layer.of("layer");
            TinyImage first = TinyImage.of(layer, Instant.parse("2030-01-01T00:00:00Z"), "RUN one");
            TinyImage second = TinyImage.of(layer, Instant.parse("2030-01-02T00:00:00Z"), "RUN two");
            registry.stop();
            RegistryStorageWriter writer = RegistryStorageWriter.into(registry);
            writer.writeLayer("written/repo", layer);
            writer.writeImage("written/repo", first, List.of("one", "also-one"));
            writer.writeImage("written/repo", second, List.of("two"));
            registry.restart();
            DistributionClient client = new DistributionClient(DistributionClient.newHttpClient(),
                    registry.hostPort(), true, null);

            assertThat(client.listTags("written/repo")).containsExactlyInAnyOrder("one", "also-one", "two");
            Manifest manifest = client.getManifest("written/repo", "one");
            assertThat(manifest.digest()).isEqualTo(first.manifestDigest());
            assertThat(client.getBlob("written/repo", manifest.config().digest())).isEqualTo(first.config());
            assertThat(client.getBlob("written/repo", layer.digest())).isEqualTo(layer.content());

            assertThat(client.deleteManifest("written/repo", first.manifestDigest())).isEqualTo(DeleteResult.DELETED);
            assertThat(client.listTags("written/repo")).containsExactly("two");
            registry.runGarbageCollect();
            assertThat(client.getManifest("written/repo", "two").digest()).isEqualTo(second.manifestDigest());
        }
    }
}
