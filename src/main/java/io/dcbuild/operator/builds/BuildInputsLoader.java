package io.dcbuild.operator.builds;

import io.dcbuild.operator.api.v1alpha1.DevContainerBuild;
import io.dcbuild.operator.egress.EgressSettings;
import io.dcbuild.operator.policy.PolicyMaterial;
import io.dcbuild.operator.policy.PolicyMaterialReader;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import java.util.Optional;

/**
 * Gathers a build's inputs: its Secrets, what its policies refer to (CA bundle, registry credentials), the
 * egress (proxy, CA) of the operator's own traffic, and the derived Secret and ConfigMap its pods use.
 */
public class BuildInputsLoader {

    private final PolicyMaterialReader policyMaterial;
    private final BuildSecretsReader secrets;
    private final RegistryConfigSecret registryConfigSecret;
    private final CaBundleConfigMap caBundleConfigMap;

    public BuildInputsLoader(PolicyMaterialReader policyMaterial, BuildSecretsReader secrets,
            RegistryConfigSecret registryConfigSecret, CaBundleConfigMap caBundleConfigMap) {
        this.policyMaterial = policyMaterial;
        this.secrets = secrets;
        this.registryConfigSecret = registryConfigSecret;
        this.caBundleConfigMap = caBundleConfigMap;
    }

    public BuildInputs load(DevContainerBuild build, BuildSettings settings) throws BuildBlockedException {
        PolicyMaterial material = policyMaterial.read(settings.policy());
        BuildSecrets buildSecrets = secrets.read(ResourceID.fromResource(build), settings, material);
        EgressSettings egress = EgressSettings.of(settings.policy().proxy(), material.caBundlePem());
        Optional<String> registryConfig = buildSecrets.dockerConfigJson().isPresent()
                ? Optional.of(registryConfigSecret.apply(build, buildSecrets.dockerConfigJson().get()))
                : Optional.empty();
        Optional<String> caBundle = material.caBundlePem().isPresent()
                ? Optional.of(caBundleConfigMap.apply(build, material.caBundlePem().get()))
                : Optional.empty();
        DerivedObjects derived = new DerivedObjects(registryConfig, caBundle);
        return new BuildInputs(settings, buildSecrets, egress, derived);
    }
}
