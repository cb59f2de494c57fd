package io.dcbuild.operator.builds;

import io.dcbuild.operator.egress.EgressHttpClients;
import io.dcbuild.operator.egress.EgressSettings;
import io.dcbuild.operator.registry.DistributionClient;
import io.dcbuild.operator.registry.DockerConfigJson;
import io.dcbuild.operator.registry.ImageReference;
import io.dcbuild.operator.registry.PlainHttpRegistries;
import io.dcbuild.operator.registry.RegistryCredentials;
import java.util.Optional;

/** A registry client as a build's pods reach the registry: its credentials (the Docker config), proxy and CA. */
public class BuildRegistryClients {

    private final EgressHttpClients http;
    private final PlainHttpRegistries plainHttpRegistries;

    public BuildRegistryClients(EgressHttpClients http, PlainHttpRegistries plainHttpRegistries) {
        this.http = http;
        this.plainHttpRegistries = plainHttpRegistries;
    }

    /** A client of the registry of {@code reference} (an image or a repository). */
    public DistributionClient clientFor(ImageReference reference, String spelled, BuildSecrets secrets,
            EgressSettings egress) {
        Optional<RegistryCredentials> credentials = secrets.dockerConfigJson()
                .map(DockerConfigJson::parse)
                .flatMap(config -> config.credentialsFor(reference.registry()));
        return new DistributionClient(http.clientFor(egress), reference.apiHost(),
                plainHttpRegistries.isPlainHttp(spelled), credentials.orElse(null), http.requestTimeout());
    }
}
