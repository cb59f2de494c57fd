package io.dcbuild.operator.clusterproxy;

import io.dcbuild.operator.api.v1alpha1.ProxySpec;
import java.util.Optional;

/**
 * Which proxy a build's pods and the operator's own traffic for it use: the governing policies' when one sets a
 * proxy (wholly: its noProxy is not merged with the cluster's, and an empty {@code proxy: {}} means no proxy), else
 * the OpenShift cluster proxy when the cluster states one, else none.
 *
 * @param cluster the cluster proxy, when it is the one chosen
 */
public record ProxyChoice(Optional<ProxySpec> proxy, Origin origin, Optional<ClusterProxy> cluster) {

    /** Where the proxy came from. */
    public enum Origin { NONE, POLICY, CLUSTER }

    public static ProxyChoice of(Optional<ProxySpec> policyProxy, Optional<ClusterProxy> clusterProxy) {
        if (policyProxy.isPresent()) {
            return new ProxyChoice(policyProxy, Origin.POLICY, Optional.empty());
        }
        return clusterProxy.map(cluster -> new ProxyChoice(Optional.of(cluster.asProxySpec()), Origin.CLUSTER,
                Optional.of(cluster))).orElseGet(ProxyChoice::none);
    }

    /** The policies' proxy, or none: the choice where the cluster proxy is not used. */
    public static ProxyChoice ofPolicy(Optional<ProxySpec> policyProxy) {
        return of(policyProxy, Optional.empty());
    }

    public static ProxyChoice none() {
        return new ProxyChoice(Optional.empty(), Origin.NONE, Optional.empty());
    }

    public boolean fromCluster() {
        return origin == Origin.CLUSTER;
    }

    /**
     * What the cache key takes from the choice: the cluster proxy's settings, so that a change of it reaches new
     * runs as a change of a policy's proxy does (the policies' fingerprint covers theirs); nothing otherwise, so that
     * keys stay as they were on clusters without a cluster proxy.
     */
    public Optional<String> cacheKeyPart() {
        return cluster.map(c -> c.httpProxy().orElse("") + "|" + c.httpsProxy().orElse("") + "|"
                + c.noProxy().orElse(""));
    }
}
