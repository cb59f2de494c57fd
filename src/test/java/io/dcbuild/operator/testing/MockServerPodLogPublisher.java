package io.dcbuild.operator.testing;

import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.quarkus.test.kubernetes.client.KubernetesServer;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Serves pod logs from a Fabric8 {@link KubernetesMockServer} (standalone or inside Quarkus'
 * {@link KubernetesServer}): one {@code GET} expectation per log path ({@link PodLogPublisher#logPath}), registered
 * on the first publish and answered {@code always()} with the current log, cut to its last 200 lines as the
 * {@code tailLines=200} query asks.
 *
 * <p>The expectation replies from a map rather than with a fixed {@code andReturn} body because the mock server
 * queues expectations per path: a pod re-created under the same name would otherwise be answered with the first
 * pod's log for ever.
 */
public final class MockServerPodLogPublisher implements PodLogPublisher {

    private final KubernetesMockServer server;
    private final Map<String, String> logsByPath = new ConcurrentHashMap<>();

    public MockServerPodLogPublisher(KubernetesMockServer server) {
        this.server = server;
    }

    public MockServerPodLogPublisher(KubernetesServer server) {
        this(server.getKubernetesMockServer());
    }

    @Override
    public void publish(String namespace, String podName, String log) {
        String path = PodLogPublisher.logPath(namespace, podName);
        if (logsByPath.put(path, log) == null) {
            server.expect().get().withPath(path)
                    .andReply(200, request -> lastLines(logsByPath.getOrDefault(path, ""), TAIL_LINES))
                    .always();
        }
    }

    static String lastLines(String log, int count) {
        String[] lines = log.split("\n", -1);
        int total = log.endsWith("\n") ? lines.length - 1 : lines.length;
        if (total <= count) {
            return log;
        }
        StringBuilder tail = new StringBuilder();
        for (int i = total - count; i < total; i++) {
            tail.append(lines[i]).append('\n');
        }
        return tail.toString();
    }
}
