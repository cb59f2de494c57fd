package io.dcbuild.operator.testing;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMixedDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.fabric8.mockwebserver.ServerRequest;
import io.fabric8.mockwebserver.ServerResponse;
import java.net.InetAddress;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The log publisher on a standalone {@link KubernetesMockServer} in CRUD (mixed) mode, as a demo program uses it. */
class MockServerPodLogPublisherTest {

    private KubernetesMockServer server;
    private KubernetesClient client;

    @BeforeEach
    void startServer() {
        Map<ServerRequest, Queue<ServerResponse>> responses = new HashMap<>();
        server = new KubernetesMockServer(new Context(), new MockWebServer(), responses,
                new KubernetesMixedDispatcher(responses, List.of()), false);
        server.init(InetAddress.getLoopbackAddress(), 0);
        client = server.createClient();
    }

    @AfterEach
    void stopServer() {
        client.close();
        server.destroy();
    }

    @Test
    void theOperatorsLogCallReadsThePublishedLog() throws Exception {
        MockServerPodLogPublisher publisher = new MockServerPodLogPublisher(server);
        publisher.publish("ns", "pod-a", "line 1\n");
        publisher.publish("ns", "pod-a", "line 1\nENVBUILDER_CACHED_IMAGE=r@sha256:ab\n");

        String log = client.pods().inNamespace("ns").withName("pod-a").inContainer("envbuilder").tailingLines(200)
                .getLog();

        assertThat(server.getLastRequest().getPath()).isEqualTo(PodLogPublisher.logPath("ns", "pod-a"))
                .isEqualTo("/api/v1/namespaces/ns/pods/pod-a/log?pretty=false&container=envbuilder&tailLines=200");
        assertThat(log).isEqualTo("line 1\nENVBUILDER_CACHED_IMAGE=r@sha256:ab\n");
    }

    @Test
    void aRecreatedPodOfTheSameNameServesItsOwnLog() {
        MockServerPodLogPublisher publisher = new MockServerPodLogPublisher(server);
        publisher.publish("ns", "probe", "first run\n");
        publisher.publish("ns", "probe", "second run\n");

        assertThat(readLog("probe")).isEqualTo("second run\n");
        assertThat(readLog("probe")).isEqualTo("second run\n");
    }

    @Test
    void onlyTheLast200LinesAreServed() {
        String log = IntStream.rangeClosed(1, 250).mapToObj(i -> "line " + i + "\n").collect(Collectors.joining());
        new MockServerPodLogPublisher(server).publish("ns", "long", log);

        List<String> lines = readLog("long").lines().toList();
        assertThat(lines).hasSize(200);
        assertThat(lines.get(0)).isEqualTo("line 51");
        assertThat(lines.get(199)).isEqualTo("line 250");
    }

    private String readLog(String pod) {
        return client.pods().inNamespace("ns").withName(pod).inContainer("envbuilder").tailingLines(200).getLog();
    }
}
