package io.dcbuild.operator.builds;

import io.dcbuild.operator.egress.EgressHttpClients;
import io.dcbuild.operator.egress.EgressSettings;
import io.dcbuild.operator.registry.DistributionClient;
import io.dcbuild.operator.registry.ImageCreationTime;
import io.dcbuild.operator.registry.ImageReference;
import io.dcbuild.operator.registry.Manifest;
import io.dcbuild.operator.registry.PlainHttpRegistries;
import io.dcbuild.operator.registry.RegistryException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Asks the registry for each layer's manifest and config, with the build's credentials and egress, as Envbuilder's
 * cache lookup does: a layer is as old as its config's {@code created}. Stops at the first layer that is missing.
 */
public class RegistryCacheLayerAges implements CacheLayerAges {

    private final BuildRegistryClients registries;

    public RegistryCacheLayerAges(EgressHttpClients http, PlainHttpRegistries plainHttpRegistries) {
        this.registries = new BuildRegistryClients(http, plainHttpRegistries);
    }

    @Override
    public OldestLayer oldest(String cacheRepo, List<String> keys, BuildSecrets secrets, EgressSettings egress) {
        ImageReference repo = ImageReference.parse(cacheRepo);
        DistributionClient client = registries.clientFor(repo, cacheRepo, secrets, egress);
        OldestLayer oldest = null;
        for (String key : keys) {
            Optional<Instant> created;
            try {
                Manifest manifest = client.getManifest(repo.repository(), key);
                created = manifest.config() == null ? Optional.empty()
                        : ImageCreationTime.of(client.getBlob(repo.repository(), manifest.config().digest()));
            } catch (RegistryException e) {
                if (e.isNotFound()) {
                    return new OldestLayer(key, Optional.empty(), true);
                }
                throw e;
            }
            if (created.isEmpty()) {
                return new OldestLayer(key, Optional.empty(), true); // Envbuilder cannot use it either
            }
            if (oldest == null || created.get().isBefore(oldest.created().get())) {
                oldest = new OldestLayer(key, created, false);
            }
        }
        return oldest;
    }
}
