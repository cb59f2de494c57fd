package io.dcbuild.operator.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.dcbuild.operator.api.v1alpha1.BuildPhase;
import io.dcbuild.operator.api.v1alpha1.CacheSpec;
import io.dcbuild.operator.api.v1alpha1.DevContainerBuild;
import io.dcbuild.operator.api.v1alpha1.DevContainerBuildPolicy;
import io.dcbuild.operator.api.v1alpha1.DevContainerBuildPolicySpec;
import io.dcbuild.operator.api.v1alpha1.DevContainerBuildSpec;
import io.dcbuild.operator.api.v1alpha1.GitSource;
import io.dcbuild.operator.api.v1alpha1.RetentionSpec;
import io.dcbuild.operator.testing.EnvbuilderKubeletSimulator;
import io.dcbuild.operator.testing.Fixtures;
import io.dcbuild.operator.testing.GitHttpServer;
import io.dcbuild.operator.testing.LocalRegistry;
import io.dcbuild.operator.testing.controlplane.ControlPlane;
import io.dcbuild.operator.testing.controlplane.OperatorOnControlPlane;
import io.dcbuild.operator.testing.controlplane.TestNamespaces;
import io.fabric8.kubernetes.api.model.LabelSelectorBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Every metric the shipped Grafana dashboard and Prometheus alerts use is exposed at {@code /q/metrics} after a
 * scenario that touches each of them: a build that misses the cache and is built, a build whose git server is out
 * of reach (a reconcile error), and a retention run of a policy.
 */
@QuarkusTest
@WithTestResource(value = OperatorOnControlPlane.class, scope = TestResourceScope.MATCHING_RESOURCES)
class MetricsExposureTest {

    private static final Pattern METRIC = Pattern.compile("\\bdcbuild_[a-z_]+\\b");
    private static final Path DASHBOARD = Path.of("deploy/monitoring/grafana-dashboard.json");
    private static final Path RULES = Path.of("deploy/monitoring/prometheus-rules.yaml");

    @TestHTTPResource("/q/metrics")
    URL metrics;

    @Test
    void everyMetricOfTheDashboardAndTheAlertsIsExposedAfterAScenario() throws Exception {
        Set<String> used = new TreeSet<>();
        JsonNode dashboard = new ObjectMapper().readTree(Files.readString(DASHBOARD));
        dashboard.path("panels").forEach(panel -> panel.path("targets")
                .forEach(target -> used.addAll(names(target.path("expr").asText()))));
        JsonNode rules = new ObjectMapper(new YAMLFactory()).readTree(Files.readString(RULES));
        rules.at("/spec/groups").forEach(group -> group.path("rules")
                .forEach(rule -> used.addAll(names(rule.path("expr").asText()))));
        assertThat(used).as("metric names in the dashboard and the rules").hasSizeGreaterThan(10);

        try (TestNamespaces namespaces = new TestNamespaces(client());
                LocalRegistry registry = LocalRegistry.startDefault();
                GitHttpServer git = GitHttpServer.start();
                EnvbuilderKubeletSimulator kubelet = EnvbuilderKubeletSimulator.onNewNode(client())) {
            String ns = namespaces.create("metrics-" + System.nanoTime() % 100_000,
                    Map.of("dcbuild.io/metrics-test", "yes"));
            git.createRepository(ns);
            git.commit(ns, "main", Map.of(".devcontainer/devcontainer.json",
                    "{\"build\":{\"dockerfile\":\"Dockerfile\"}}",
                    ".devcontainer/Dockerfile", "FROM debian:12\nRUN echo metrics\n"));
            create(build(ns, "built", git.url(ns), registry.hostPort() + "/" + ns + "/cache"));
            int closed;
            try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
                closed = socket.getLocalPort();
            }
            create(build(ns, "unreachable", "http://127.0.0.1:" + closed + "/git/none.git",
                    registry.hostPort() + "/" + ns + "/cache"));
            await("build Ready").atMost(Duration.ofSeconds(90)).until(() -> phase(ns, "built") == BuildPhase.Ready);
            DevContainerBuildPolicy policy = retentionPolicy("metrics-" + ns);
            client().resource(policy).create();
            try {
                await("a retention run, the reconcile error and the gauges exposed").atMost(Duration.ofSeconds(90))
                        .untilAsserted(() -> assertThat(missing(used, scrape())).as("not exposed").isEmpty());
            } finally {
                client().resource(policy).delete();
            }
            String exposition = scrape();
            assertThat(missing(used, exposition)).isEmpty();
            assertThat(sample(exposition, "dcbuild_builds_finished_total{reason=\"Built\",result=\"built\"}"))
                    .as("the built build counted once as built").isGreaterThanOrEqualTo(1.0);
            assertThat(sample(exposition, "dcbuild_cache_lookups_total{result=\"miss\"}")).isGreaterThanOrEqualTo(1.0);
        }
    }

    private static Set<String> names(String expression) {
        Set<String> names = new TreeSet<>();
        Matcher matcher = METRIC.matcher(expression);
        while (matcher.find()) {
            names.add(matcher.group());
        }
        return names;
    }

    /** The names not exposed: a line of the exposition starts with the name then '{' or ' '. */
    private static Set<String> missing(Set<String> names, String exposition) {
        Set<String> missing = new TreeSet<>();
        for (String name : names) {
            if (!Pattern.compile("(?m)^" + name + "[{ ]").matcher(exposition).find()) {
                missing.add(name);
            }
        }
        return missing;
    }

    private static double sample(String exposition, String series) {
        return exposition.lines().filter(line -> line.startsWith(series + " "))
                .mapToDouble(line -> Double.parseDouble(line.substring(series.length() + 1).trim()))
                .findFirst().orElse(0.0);
    }

    private String scrape() throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(metrics.toString())).build(),
                HttpResponse.BodyHandlers.ofString()).body();
    }

    private static DevContainerBuildPolicy retentionPolicy(String name) {
        DevContainerBuildPolicy policy = new DevContainerBuildPolicy();
        policy.getMetadata().setName(name);
        DevContainerBuildPolicySpec spec = new DevContainerBuildPolicySpec();
        spec.setNamespaceSelector(new LabelSelectorBuilder().addToMatchLabels("dcbuild.io/metrics-test", "yes")
                .build());
        RetentionSpec retention = new RetentionSpec();
        retention.setEnabled(true);
        retention.setTtlDays(7);
        spec.setRetention(retention);
        policy.setSpec(spec);
        return policy;
    }

    private static DevContainerBuild build(String ns, String name, String url, String cacheRepo) {
        DevContainerBuild build = new DevContainerBuild();
        build.getMetadata().setName(name);
        build.getMetadata().setNamespace(ns);
        DevContainerBuildSpec spec = new DevContainerBuildSpec();
        GitSource source = new GitSource();
        source.setUrl(url);
        source.setRef("main");
        spec.setSource(source);
        CacheSpec cache = new CacheSpec();
        cache.setRepo(cacheRepo);
        spec.setCache(cache);
        build.setSpec(spec);
        return build;
    }

    private static void create(DevContainerBuild build) {
        client().resource(build).create();
    }

    private static BuildPhase phase(String ns, String name) {
        DevContainerBuild build = client().resources(DevContainerBuild.class).inNamespace(ns).withName(name).get();
        return build == null || build.getStatus() == null ? null : build.getStatus().getPhase();
    }

    private static KubernetesClient client() {
        return ControlPlane.shared().admin();
    }
}
