package io.dcbuild.operator.runs;

import static org.assertj.core.api.Assertions.assertThat;

import io.dcbuild.operator.api.v1alpha1.DevContainerBuildRun;
import io.dcbuild.operator.api.v1alpha1.DevContainerBuildRunSpec;
import io.dcbuild.operator.api.v1alpha1.RunPodTemplates;
import io.dcbuild.operator.egress.EgressHttpClients;
import io.dcbuild.operator.testing.LocalProxy;
import io.dcbuild.operator.testing.StubHttpServer;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.PodSpecBuilder;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What the operator concludes when it asks a run's cache registry itself after a pod found no image. */
class CacheRegistryReachabilityTest {

    private final CacheRegistryReachability reachability = new CacheRegistryReachability(
            new EgressHttpClients(Duration.ofSeconds(2), Duration.ofSeconds(5)));

    @Test
    void aRegistryThatAnswersIsThereEvenWhenItAsksForCredentials() {
        try (StubHttpServer registry = StubHttpServer.start()) {
            registry.on("GET", "/v2/", request -> StubHttpServer.Response.of(401, "{}",
                    "WWW-Authenticate", "Basic realm=\"registry\""));
            assertThat(reachability.unreachable(run(registry.hostPort() + "/team/cache", List.of(
                    env("ENVBUILDER_INSECURE", "true"))))).isEmpty();
        }
    }

    @Test
    void aClosedPortIsAConnectionRefused() throws Exception {
        int closed;
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            closed = socket.getLocalPort();
        }
        assertThat(reachability.unreachable(run("127.0.0.1:" + closed + "/team/cache", List.of(
                env("ENVBUILDER_INSECURE", "true"))))).contains("connection refused");
    }

    /** The pods' proxy is the operator's way too: a registry the proxy reaches is there. */
    @Test
    void theQuestionGoesThroughThePodsProxy() {
        try (StubHttpServer registry = StubHttpServer.start(); LocalProxy proxy = LocalProxy.start()) {
            registry.on("GET", "/v2/", request -> StubHttpServer.Response.of(200, "{}"));
            assertThat(reachability.unreachable(run(registry.hostPort() + "/team/cache", List.of(
                    env("ENVBUILDER_INSECURE", "true"), env("HTTP_PROXY", proxy.url()),
                    env("HTTPS_PROXY", proxy.url()))))).isEmpty();
            assertThat(proxy.requests()).anyMatch(line -> line.contains(registry.hostPort() + "/v2/"));
        }
    }

    private static DevContainerBuildRun run(String cacheRepo, List<EnvVar> env) {
        DevContainerBuildRun run = new DevContainerBuildRun();
        DevContainerBuildRunSpec spec = new DevContainerBuildRunSpec();
        spec.setCacheRepo(cacheRepo);
        RunPodTemplates pods = new RunPodTemplates();
        pods.setProbe(new PodSpecBuilder().addNewContainer().withName("envbuilder").withEnv(new ArrayList<>(env))
                .endContainer().build());
        spec.setPods(pods);
        run.setSpec(spec);
        return run;
    }

    private static EnvVar env(String name, String value) {
        return new EnvVar(name, value, null);
    }
}
