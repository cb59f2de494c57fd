package io.dcbuild.operator.builds;

import io.dcbuild.operator.api.v1alpha1.DevContainerBuild;
import io.dcbuild.operator.clusterproxy.ClusterProxySource;
import io.dcbuild.operator.egress.EgressSettings;
import io.dcbuild.operator.policy.PolicyMaterial;
import io.dcbuild.operator.policy.PolicyMaterialReader;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import java.util.Optional;

/**
 * Gathers a build's inputs: its Secrets, what its policies refer to (CA bundle, registry credentials), the
 * egress (proxy, CA) of the operator's own traffic, and the derived Secret and ConfigMap its pods use. The proxy
 * is the one chosen in the build's settings (a policy's, else the OpenShift cluster's), the CA bundle the policies'
 * or, with the cluster proxy, the cluster's trusted bundle.
 */
public class BuildInputsLoader {

    private final PolicyMaterialReader policyMaterial;
    private final BuildSecretsReader secrets;
    private final RegistryConfigSecret registryConfigSecret;
    private final CaBundleConfigMap caBundleConfigMap;
    private final ClusterProxySource clusterProxy;

    public BuildInputsLoader(PolicyMaterialReader policyMaterial, BuildSecretsReader secrets,
            RegistryConfigSecret registryConfigSecret, CaBundleConfigMap caBundleConfigMap,
            ClusterProxySource clusterProxy) {
        this.clusterProxy = clusterProxy;
        this.policyMaterial = policyMaterial;
        this.secrets = secrets;
        this.registryConfigSecret = registryConfigSecret;
        this.caBundleConfigMap = caBundleConfigMap;
    }

    public BuildInputs load(DevContainerBuild build, BuildSettings settings) throws BuildBlockedException {
        PolicyMaterial material = policyMaterial.read(settings.policy());
        BuildSecrets buildSecrets = secrets.read(ResourceID.fromResource(build), settings, material);
        // the policies' CA bundle, or the cluster's trusted one with the cluster proxy
        Optional<String> caBundlePem = clusterProxy.caBundle(settings.proxy(), material.caBundlePem());
        EgressSettings egress = EgressSettings.of(settings.proxy().proxy(), caBundlePem);
        Optional<String> registryConfig = buildSecrets.dockerConfigJson().isPresent()
                ? Optional.of(registryConfigSecret.apply(build, buildSecrets.dockerConfigJson().get()))
                : Optional.empty();
        Optional<String> caBundle = caBundlePem.isPresent()
                ? Optional.of(caBundleConfigMap.apply(build, caBundlePem.get()))
                : Optional.empty();
        DerivedObjects derived = new DerivedObjects(registryConfig, caBundle);
        return new BuildInputs(settings, buildSecrets, egress, derived);
    }
}
