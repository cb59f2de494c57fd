package io.dcbuild.operator.cli;

import io.dcbuild.operator.api.v1alpha1.DevContainerBuild;
import io.dcbuild.operator.builds.BuildSettings;
import io.dcbuild.operator.builds.CaBundleConfigMap;
import io.dcbuild.operator.builds.DerivedObjects;
import io.dcbuild.operator.builds.RegistryConfigSecret;
import java.util.Optional;

/**
 * The names of the Secret and ConfigMap the operator would derive in the build's namespace, without reading any
 * secret: a registry config Secret when the build or a governing policy names registry credentials, a CA bundle
 * ConfigMap when a governing policy names a CA bundle.
 */
final class ExpectedDerivedObjects {

    private ExpectedDerivedObjects() {
    }

    static DerivedObjects of(DevContainerBuild build, BuildSettings settings) {
        boolean registryCredentials = settings.registryCredentialsSecret().isPresent()
                || settings.policy().registryCredentials().isPresent();
        return new DerivedObjects(
                registryCredentials ? Optional.of(RegistryConfigSecret.nameFor(build)) : Optional.empty(),
                settings.policy().caBundle().map(ca -> CaBundleConfigMap.nameFor(build)));
    }
}
