package io.dcbuild.operator.runs;

import io.dcbuild.operator.builds.BuildLabels;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;

/**
 * Reads the end of the Envbuilder container's log, of pods that have finished, with one request (pod names are DNS
 * labels: nothing in the path needs escaping).
 */
public class PodLogs {

    static final int TAIL_LINES = 200;
    /** A probe's whole log is a few kilobytes; a verify pod's likewise. */
    static final int WHOLE_LOG_LIMIT_BYTES = 1024 * 1024;

    private final KubernetesClient client;

    public PodLogs(KubernetesClient client) {
        this.client = client;
    }

    /** The last lines of the log, or an empty string when the API server has none (pod gone, log rotated). */
    public String tail(String namespace, String pod) {
        return read(namespace, pod, "&tailLines=" + TAIL_LINES);
    }

    /** The log from its start, up to {@value #WHOLE_LOG_LIMIT_BYTES} bytes; empty as {@link #tail} is. */
    public String fromStart(String namespace, String pod) {
        return read(namespace, pod, "&limitBytes=" + WHOLE_LOG_LIMIT_BYTES);
    }

    private String read(String namespace, String pod, String limit) {
        try {
            // one GET of the log: the client's log methods first list the pod to wait until it is ready
            String log = client.raw("/api/v1/namespaces/" + namespace + "/pods/" + pod + "/log?container="
                    + BuildLabels.CONTAINER_NAME + limit);
            return log == null ? "" : log;
        } catch (KubernetesClientException e) {
            if (e.getCode() == 404) {
                return "";
            }
            throw e;
        }
    }
}
