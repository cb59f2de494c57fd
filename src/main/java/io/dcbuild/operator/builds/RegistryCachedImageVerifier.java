package io.dcbuild.operator.builds;

import io.dcbuild.operator.egress.EgressHttpClients;
import io.dcbuild.operator.egress.EgressSettings;
import io.dcbuild.operator.registry.ImageReference;
import io.dcbuild.operator.registry.PlainHttpRegistries;

/** Asks the registry itself (manifest HEAD by digest) whether a probe's answer is really there. */
public class RegistryCachedImageVerifier implements CachedImageVerifier {

    private final BuildRegistryClients registries;

    public RegistryCachedImageVerifier(EgressHttpClients http, PlainHttpRegistries plainHttpRegistries) {
        this.registries = new BuildRegistryClients(http, plainHttpRegistries);
    }

    @Override
    public boolean isServed(String imageWithDigest, BuildSecrets secrets, EgressSettings egress) throws Exception {
        ImageReference image = ImageReference.parse(imageWithDigest);
        return registries.clientFor(image, imageWithDigest, secrets, egress)
                .headManifest(image.repository(), image.digest())
                .map(found -> found.digest().equals(image.digest()))
                .orElse(false);
    }
}
