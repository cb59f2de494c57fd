package io.dcbuild.operator.builds;

import static org.assertj.core.api.Assertions.assertThat;

import io.dcbuild.operator.api.v1alpha1.DevContainerBuild;
import io.dcbuild.operator.clusterproxy.ClusterProxy;
import io.dcbuild.operator.clusterproxy.ProxyChoice;
import io.dcbuild.operator.policy.EffectivePolicy;
import io.dcbuild.operator.registry.PlainHttpRegistries;
import io.dcbuild.operator.runs.PodRole;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirementsBuilder;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class BuilderPodFactoryTest {

    private static final String KEY = "0123456789abcdef".repeat(4);

    private final BuilderPodFactory factory = new BuilderPodFactory(new PlainHttpRegistries(List.of("127.0.0.1")));

    private static DevContainerBuild build() {
        DevContainerBuild build = new DevContainerBuild();
        build.getMetadata().setName("web");
        build.getMetadata().setNamespace("team-a");
        build.getMetadata().setUid("uid-1");
        return build;
    }

    @Test
    void podsOfABuildWithTheClusterProxyCarryItAndTheClusterBundleOnlyAsAFile() {
        ClusterProxy cluster = clusterProxy();
        BuildSettings settings = withProxy(settings(), ProxyChoice.of(Optional.empty(), Optional.of(cluster)));

        for (PodRole role : PodRole.values()) {
            Pod pod = new PodBuilder().withSpec(factory.spec(settings, new BuildRun(KEY, "c".repeat(40),
                    "refs/heads/main"), role, new DerivedObjects(Optional.empty(), Optional.of("web-ca-bundle"))))
                    .build();
            Map<String, EnvVar> env = env(pod);
            assertThat(env.get("HTTP_PROXY").getValue()).isEqualTo("http://proxy.corp:3128");
            assertThat(env.get("https_proxy").getValue()).isEqualTo("http://proxy.corp:3129");
            assertThat(env.get("NO_PROXY").getValue()).isEqualTo(".svc,.cluster.local");
            assertThat(env.get("ENVBUILDER_GIT_HTTP_PROXY_URL").getValue()).isEqualTo("http://proxy.corp:3129");
            assertThat(env.get("SSL_CERT_FILE").getValue()).isEqualTo("/var/run/dcbuild/ca/ca.crt");
            assertThat(env).as("the cluster's merged bundle exceeds what one variable may hold")
                    .doesNotContainKey("ENVBUILDER_SSL_CERT_BASE64");
        }
    }

    @Test
    void theCacheKeyChangesWithTheClusterProxyAndStaysAsBeforeWithoutIt() {
        BuildSettings plain = settings();
        String before = CacheKey.of("c".repeat(40), plain);

        assertThat(CacheKey.of("c".repeat(40), withProxy(plain, ProxyChoice.none()))).isEqualTo(before);
        String withCluster = CacheKey.of("c".repeat(40),
                withProxy(plain, ProxyChoice.of(Optional.empty(), Optional.of(clusterProxy()))));
        assertThat(withCluster).isNotEqualTo(before);
        assertThat(CacheKey.of("c".repeat(40), withProxy(plain, ProxyChoice.of(Optional.empty(), ClusterProxy.of(
                proxyObject("http://other:3128"))))))
                .as("a change of the cluster proxy reaches new runs").isNotEqualTo(withCluster).isNotEqualTo(before);
    }

    private static ClusterProxy clusterProxy() {
        GenericKubernetesResource object = proxyObject("http://proxy.corp:3128");
        return ClusterProxy.of(object).orElseThrow();
    }

    private static GenericKubernetesResource proxyObject(String httpProxy) {
        GenericKubernetesResource object = new GenericKubernetesResource();
        object.setAdditionalProperties(Map.of("status", Map.of("httpProxy", httpProxy,
                "httpsProxy", "http://proxy.corp:3129", "noProxy", ".svc,.cluster.local")));
        return object;
    }

    private static BuildSettings withProxy(BuildSettings s, ProxyChoice proxy) {
        return new BuildSettings(s.gitUrl(), s.ref(), s.devcontainerDir(), s.dockerfilePath(), s.gitCredentialsSecret(),
                s.cacheRepo(), s.cacheTtlDays(), s.registryCredentialsSecret(), s.builderImage(), s.resources(),
                s.activeDeadlineSeconds(), s.pollInterval(), s.historyLimit(), s.policy(), proxy);
    }

    private static BuildSettings settings() {
        return new BuildSettings("https://git.example.com/app.git", "main", ".devcontainer", null,
                Optional.of("git-creds"), "127.0.0.1:5000/team/cache", 7, Optional.of("regcred"),
                "ghcr.io/coder/envbuilder@sha256:" + "cd".repeat(32),
                new ResourceRequirementsBuilder().addToLimits("memory", new Quantity("2Gi")).build(), 1800,
                Duration.ofMinutes(5), 10, EffectivePolicy.none());
    }

    private Pod pod(PodRole role) {
        return new PodBuilder().withSpec(factory.spec(settings(), new BuildRun(KEY, "c".repeat(40),
                "refs/heads/main"), role, new DerivedObjects(Optional.of("web-registry-config"), Optional.empty())))
                .build();
    }

    private static Map<String, EnvVar> env(Pod pod) {
        return pod.getSpec().getContainers().get(0).getEnv().stream()
                .collect(Collectors.toMap(EnvVar::getName, e -> e));
    }

    @Test
    void probePodAsksTheCache() {
        Map<String, EnvVar> env = env(pod(PodRole.PROBE));
        assertThat(env.get("ENVBUILDER_GET_CACHED_IMAGE").getValue()).isEqualTo("true");
        assertThat(env).doesNotContainKey("ENVBUILDER_PUSH_IMAGE");
        assertThat(env.get("ENVBUILDER_GIT_URL").getValue()).isEqualTo("https://git.example.com/app.git#refs/heads/main");
        assertThat(env.get("ENVBUILDER_CACHE_REPO").getValue()).isEqualTo("127.0.0.1:5000/team/cache");
        assertThat(env.get("ENVBUILDER_REMOTE_REPO_BUILD_MODE").getValue()).isEqualTo("true");
        assertThat(env.get("ENVBUILDER_INSECURE").getValue()).isEqualTo("true");
    }

    @Test
    void builderPodPushesAndExitsOnFailure() {
        Map<String, EnvVar> env = env(pod(PodRole.BUILD));
        assertThat(env.get("ENVBUILDER_PUSH_IMAGE").getValue()).isEqualTo("true");
        assertThat(env.get("ENVBUILDER_EXIT_ON_BUILD_FAILURE").getValue()).isEqualTo("true");
        assertThat(env.get("ENVBUILDER_EXIT_ON_PUSH_FAILURE").getValue()).isEqualTo("true");
        assertThat(env).doesNotContainKey("ENVBUILDER_GET_CACHED_IMAGE");
    }

    @Test
    void secretsArriveOnlyBySecretKeyRef() {
        Map<String, EnvVar> env = env(pod(PodRole.BUILD));
        for (String name : List.of("ENVBUILDER_GIT_USERNAME", "ENVBUILDER_GIT_PASSWORD",
                "ENVBUILDER_DOCKER_CONFIG_BASE64")) {
            assertThat(env.get(name).getValue()).as(name).isNull();
            assertThat(env.get(name).getValueFrom().getSecretKeyRef()).as(name).isNotNull();
        }
        assertThat(env.get("ENVBUILDER_DOCKER_CONFIG_BASE64").getValueFrom().getSecretKeyRef().getName())
                .isEqualTo("web-registry-config");
    }

    @Test
    void everyRoleCarriesTheSafetySettings() {
        for (PodRole role : PodRole.values()) {
            Pod pod = pod(role);
            assertThat(pod.getSpec().getAutomountServiceAccountToken()).isFalse();
            assertThat(pod.getSpec().getRestartPolicy()).isEqualTo("Never");
            assertThat(pod.getSpec().getActiveDeadlineSeconds()).isEqualTo(1800L);
            Container container = pod.getSpec().getContainers().get(0);
            assertThat(container.getSecurityContext().getPrivileged()).isFalse();
            assertThat(container.getSecurityContext().getSeccompProfile().getType()).isEqualTo("RuntimeDefault");
            assertThat(container.getSecurityContext().getCapabilities().getDrop()).containsExactly("NET_RAW");
            assertThat(container.getSecurityContext().getAllowPrivilegeEscalation()).as(role.label())
                    .isEqualTo(role == PodRole.BUILD ? null : false);
            assertThat(container.getResources().getLimits()).containsEntry("memory", new Quantity("2Gi"));
            assertThat(container.getImage()).contains("@sha256:");
        }
    }

    @Test
    void runTemplatesHoldTheSpecOfEachRole() {
        BuildRun run = new BuildRun(KEY, "c".repeat(40), "refs/heads/main");
        DerivedObjects derived = DerivedObjects.none();
        var templates = factory.templates(settings(), run, derived);
        assertThat(templates.getProbe()).isEqualTo(factory.spec(settings(), run, PodRole.PROBE, derived));
        assertThat(templates.getBuild()).isEqualTo(factory.spec(settings(), run, PodRole.BUILD, derived));
        assertThat(templates.getVerify()).isEqualTo(factory.spec(settings(), run, PodRole.VERIFY, derived));
        assertThat(templates.getProbe()).isNotEqualTo(templates.getBuild());
    }

    @Test
    void previewIsTheFirstRunsPodOfTheRoleInTheBuildsNamespace() {
        Pod preview = factory.preview(build(), settings(), new BuildRun(KEY, "c".repeat(40), "refs/heads/main"),
                PodRole.BUILD, DerivedObjects.none());
        assertThat(preview.getMetadata().getName()).isEqualTo("dcb-" + KEY.substring(0, 32) + "-build");
        assertThat(preview.getMetadata().getNamespace()).isEqualTo("team-a");
    }
}
