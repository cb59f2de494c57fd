package io.dcbuild.operator.clusterproxy;

import static org.assertj.core.api.Assertions.assertThat;

import io.dcbuild.operator.api.v1alpha1.ProxySpec;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** How the status of {@code config.openshift.io/v1} Proxy {@code cluster} becomes the proxy of builds. */
class ClusterProxyTest {

    @Test
    void statusFieldsBecomeTheProxySettingsOfBuilds() {
        ClusterProxy proxy = ClusterProxy.of(proxy(Map.of("httpProxy", "http://proxy.corp:3128",
                "httpsProxy", "http://proxy.corp:3129", "noProxy", ".cluster.local,.svc,10.0.0.0/16,api.corp"))).orElseThrow();

        ProxySpec spec = proxy.asProxySpec();
        assertThat(spec.getHttpProxy()).isEqualTo("http://proxy.corp:3128");
        assertThat(spec.getHttpsProxy()).isEqualTo("http://proxy.corp:3129");
        assertThat(spec.getNoProxy()).as("status.noProxy as OpenShift computed it: nothing added")
                .isEqualTo(".cluster.local,.svc,10.0.0.0/16,api.corp");
        assertThat(proxy.problems()).isEmpty();
    }

    @Test
    void noProxyLosesBlankAndRepeatedEntriesOnly() {
        ClusterProxy proxy = ClusterProxy.of(proxy(Map.of("httpProxy", "http://proxy.corp:3128",
                "noProxy", " .svc, ,.cluster.local,.svc,,localhost "))).orElseThrow();

        assertThat(proxy.noProxy()).contains(".svc,.cluster.local,localhost");
    }

    @Test
    void emptyFieldsAreUnset() {
        ClusterProxy proxy = ClusterProxy.of(proxy(Map.of("httpProxy", "", "httpsProxy", "http://p:3128",
                "noProxy", " , "))).orElseThrow();

        assertThat(proxy.httpProxy()).isEmpty();
        assertThat(proxy.noProxy()).isEmpty();
        ProxySpec spec = proxy.asProxySpec();
        assertThat(spec.getHttpProxy()).isNull();
        assertThat(spec.getNoProxy()).isNull();
        assertThat(spec.getHttpsProxy()).isEqualTo("http://p:3128");
    }

    @Test
    void aClusterStatingNoProxyHasNone() {
        assertThat(ClusterProxy.of(proxy(Map.of()))).as("status {}").isEmpty();
        assertThat(ClusterProxy.of(proxy(Map.of("httpProxy", " ", "noProxy", ".svc")))).as("noProxy alone").isEmpty();
        assertThat(ClusterProxy.of(proxy(null))).as("no status yet").isEmpty();
        assertThat(ClusterProxy.of(null)).as("no object").isEmpty();
    }

    @Test
    void urlsWithCredentialsOrOfAnotherKindAreProblemsThatQuoteNoSecret() {
        ClusterProxy withCredentials = ClusterProxy.of(proxy(Map.of(
                "httpProxy", "http://user:s3cret@proxy.corp:3128", "httpsProxy", "socks5://proxy.corp:1080")))
                .orElseThrow();

        assertThat(withCredentials.problems()).hasSize(2);
        assertThat(withCredentials.problems().get(0)).contains("status.httpProxy", "credentials",
                "http://***@proxy.corp:3128").doesNotContain("s3cret").doesNotContain("user");
        assertThat(withCredentials.problems().get(1)).contains("status.httpsProxy", "not an http:// or https:// URL");
        assertThat(withCredentials.toString()).contains("http://***@proxy.corp:3128").doesNotContain("s3cret");
    }

    @Test
    void redactionKeepsUrlsWithoutUserInformation() {
        assertThat(ClusterProxy.redacted("http://proxy.corp:3128/path@x")).isEqualTo("http://proxy.corp:3128/path@x");
        assertThat(ClusterProxy.redacted("https://a:b@proxy.corp")).isEqualTo("https://***@proxy.corp");
    }

    @Test
    void theChoiceOfAPolicyProxyIsWholeAndTheClusterServesOnlyWithoutOne() {
        ClusterProxy cluster = ClusterProxy.of(proxy(Map.of("httpProxy", "http://cluster:3128",
                "noProxy", ".svc"))).orElseThrow();
        ProxySpec policy = new ProxySpec();
        policy.setHttpsProxy("http://policy:3128");

        ProxyChoice policyWins = ProxyChoice.of(Optional.of(policy), Optional.of(cluster));
        assertThat(policyWins.origin()).isEqualTo(ProxyChoice.Origin.POLICY);
        assertThat(policyWins.proxy()).containsSame(policy);
        assertThat(policyWins.proxy().get().getNoProxy()).as("not merged with the cluster's noProxy").isNull();
        assertThat(policyWins.cacheKeyPart()).isEmpty();

        ProxyChoice emptyPolicyProxy = ProxyChoice.of(Optional.of(new ProxySpec()), Optional.of(cluster));
        assertThat(emptyPolicyProxy.origin()).as("proxy: {} in a policy: no proxy, not the cluster's")
                .isEqualTo(ProxyChoice.Origin.POLICY);

        ProxyChoice clusterServes = ProxyChoice.of(Optional.empty(), Optional.of(cluster));
        assertThat(clusterServes.fromCluster()).isTrue();
        assertThat(clusterServes.proxy().orElseThrow().getHttpProxy()).isEqualTo("http://cluster:3128");
        assertThat(clusterServes.cacheKeyPart()).contains("http://cluster:3128||.svc");

        ProxyChoice none = ProxyChoice.of(Optional.empty(), Optional.empty());
        assertThat(none.origin()).isEqualTo(ProxyChoice.Origin.NONE);
        assertThat(none.proxy()).isEmpty();
        assertThat(none.cacheKeyPart()).isEmpty();
    }

    @Test
    void aDisabledSourceNeverChoosesTheClusterNorReadsItsBundle() throws Exception {
        ClusterProxySource disabled = ClusterProxySource.disabled();

        assertThat(disabled.choose(Optional.empty()).origin()).isEqualTo(ProxyChoice.Origin.NONE);
        assertThat(disabled.caBundle(ProxyChoice.none(), Optional.empty())).isEmpty();
        assertThat(disabled.caBundle(ProxyChoice.none(), Optional.of("pem"))).contains("pem");
    }

    private static GenericKubernetesResource proxy(Map<String, String> status) {
        GenericKubernetesResource proxy = new GenericKubernetesResourceBuilder().withApiVersion("config.openshift.io/v1")
                .withKind("Proxy").withNewMetadata().withName("cluster").endMetadata().build();
        Map<String, Object> properties = new HashMap<>();
        properties.put("spec", Map.of());
        if (status != null) {
            properties.put("status", status);
        }
        proxy.setAdditionalProperties(properties);
        return proxy;
    }
}
