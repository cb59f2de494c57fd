package io.dcbuild.operator.builds;

import io.dcbuild.operator.egress.EgressHttpClients;
import io.dcbuild.operator.egress.EgressSettings;
import io.dcbuild.operator.registry.DistributionClient;
import io.dcbuild.operator.registry.DockerConfigJson;
import io.dcbuild.operator.registry.ImageReference;
import io.dcbuild.operator.registry.PlainHttpRegistries;
import io.dcbuild.operator.registry.RegistryCredentials;
import java.util.Optional;

/** Asks the registry itself (manifest HEAD by digest) whether a probe's answer is really there. */
public class RegistryCachedImageVerifier implements CachedImageVerifier {

    private final EgressHttpClients http;
    private final PlainHttpRegistries plainHttpRegistries;

    public RegistryCachedImageVerifier(EgressHttpClients http, PlainHttpRegistries plainHttpRegistries) {
        this.http = http;
        this.plainHttpRegistries = plainHttpRegistries;
    }

    @Override
    public boolean isServed(String imageWithDigest, BuildSecrets secrets, EgressSettings egress) throws Exception {
        ImageReference image = ImageReference.parse(imageWithDigest);
        Optional<RegistryCredentials> credentials = secrets.dockerConfigJson()
                .map(DockerConfigJson::parse)
                .flatMap(config -> config.credentialsFor(image.registry()));
        DistributionClient client = new DistributionClient(http.clientFor(egress), image.apiHost(),
                plainHttpRegistries.isPlainHttp(imageWithDigest), credentials.orElse(null), http.requestTimeout());
        return client.headManifest(image.repository(), image.digest())
                .map(found -> found.digest().equals(image.digest()))
                .orElse(false);
    }
}
