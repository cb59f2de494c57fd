package io.dcbuild.operator.clusterproxy;

import io.dcbuild.operator.api.v1alpha1.ProxySpec;
import io.dcbuild.operator.builds.BuildBlockedException;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.Optional;

/**
 * The OpenShift cluster proxy and trusted CA bundle for builds whose policies set no proxy
 * ({@code dcbuild.cluster-proxy.*}). Turned off, or on a cluster without {@code config.openshift.io}, it chooses the
 * policies' proxy or none, as before, and asks the API server nothing.
 */
public class ClusterProxySource implements AutoCloseable {

    private final Optional<ClusterProxyWatch> watch;
    private final ClusterTrustedCa trustedCa;

    private ClusterProxySource(Optional<ClusterProxyWatch> watch, ClusterTrustedCa trustedCa) {
        this.watch = watch;
        this.trustedCa = trustedCa;
    }

    /**
     * @param trustedCaConfigMap {@code namespace/name} of the ConfigMap OpenShift injects the trusted CA bundle into
     */
    public static ClusterProxySource of(KubernetesClient client, boolean enabled,
            Optional<String> trustedCaConfigMap) {
        return new ClusterProxySource(enabled ? Optional.of(new ClusterProxyWatch(client)) : Optional.empty(),
                new ClusterTrustedCa(client, enabled ? trustedCaConfigMap.filter(s -> !s.isBlank()) : Optional.empty()));
    }

    /** Never a cluster proxy (the setting off, or tools without a cluster). */
    public static ClusterProxySource disabled() {
        return new ClusterProxySource(Optional.empty(), new ClusterTrustedCa(null, Optional.empty()));
    }

    /** Which proxy builds governed by policies with this proxy use (see {@link ProxyChoice}). */
    public ProxyChoice choose(Optional<ProxySpec> policyProxy) {
        if (policyProxy.isPresent()) {
            return ProxyChoice.ofPolicy(policyProxy); // a policy wins: the cluster is not even asked
        }
        return ProxyChoice.of(policyProxy, watch.flatMap(ClusterProxyWatch::current));
    }

    /**
     * Checks that a choice can be used and gives the CA bundle that goes with it: the policies' bundle when they name
     * one, else the cluster's trusted bundle when the cluster proxy was chosen.
     *
     * @throws BuildBlockedException when the cluster proxy chosen cannot be used, or its bundle cannot be read
     */
    public Optional<String> caBundle(ProxyChoice choice, Optional<String> policyCaBundle) throws BuildBlockedException {
        if (choice.fromCluster() && !choice.cluster().orElseThrow().problems().isEmpty()) {
            throw new BuildBlockedException("ClusterProxyInvalid", String.join("; ",
                    choice.cluster().get().problems()) + "; no policy of this namespace sets a proxy, so builds here "
                    + "would use it: fix the cluster's Proxy, or set a proxy in a DevContainerBuildPolicy");
        }
        if (policyCaBundle.isPresent() || !choice.fromCluster()) {
            return policyCaBundle;
        }
        return trustedCa.read();
    }

    /** Told after the cluster proxy changed (never when it is off or the API does not exist). */
    public void onChange(Runnable listener) {
        watch.ifPresent(w -> w.onChange(listener));
    }

    /** Asks the API server for the proxy API now, rather than at the first build. */
    public void start() {
        watch.ifPresent(ClusterProxyWatch::start);
    }

    @Override
    public void close() {
        watch.ifPresent(ClusterProxyWatch::close);
    }
}
