package io.dcbuild.operator.builds;

import io.dcbuild.operator.egress.EgressHttpClients;
import io.dcbuild.operator.egress.EgressSettings;
import io.dcbuild.operator.registry.DistributionClient;
import io.dcbuild.operator.registry.DockerConfigJson;
import io.dcbuild.operator.registry.ImageCreationTime;
import io.dcbuild.operator.registry.ImageReference;
import io.dcbuild.operator.registry.Manifest;
import io.dcbuild.operator.registry.PlainHttpRegistries;
import io.dcbuild.operator.registry.RegistryCredentials;
import io.dcbuild.operator.registry.RegistryException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Asks the registry for each layer's manifest and config, with the build's credentials and egress, as Envbuilder's
 * cache lookup does: a layer is as old as its config's {@code created}. Stops at the first layer that is missing.
 */
public class RegistryCacheLayerAges implements CacheLayerAges {

    private final EgressHttpClients http;
    private final PlainHttpRegistries plainHttpRegistries;

    public RegistryCacheLayerAges(EgressHttpClients http, PlainHttpRegistries plainHttpRegistries) {
        this.http = http;
        this.plainHttpRegistries = plainHttpRegistries;
    }

    @Override
    public OldestLayer oldest(String cacheRepo, List<String> keys, BuildSecrets secrets, EgressSettings egress) {
        ImageReference repo = ImageReference.parse(cacheRepo);
        Optional<RegistryCredentials> credentials = secrets.dockerConfigJson()
                .map(DockerConfigJson::parse)
                .flatMap(config -> config.credentialsFor(repo.registry()));
        DistributionClient client = new DistributionClient(http.clientFor(egress), repo.apiHost(),
                plainHttpRegistries.isPlainHttp(cacheRepo), credentials.orElse(null), http.requestTimeout());
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
