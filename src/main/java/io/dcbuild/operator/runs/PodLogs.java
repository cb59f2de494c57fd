package io.dcbuild.operator.runs;

import io.dcbuild.operator.builds.BuildLabels;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;

/** Reads the end of the Envbuilder container's log. */
public class PodLogs {

    static final int TAIL_LINES = 200;

    private final KubernetesClient client;

    public PodLogs(KubernetesClient client) {
        this.client = client;
    }

    /** The last lines of the log, or an empty string when the API server has none (pod gone, log rotated). */
    public String tail(String namespace, String pod) {
        try {
            String log = client.pods().inNamespace(namespace).withName(pod)
                    .inContainer(BuildLabels.CONTAINER_NAME).tailingLines(TAIL_LINES).getLog();
            return log == null ? "" : log;
        } catch (KubernetesClientException e) {
            if (e.getCode() == 404) {
                return "";
            }
            throw e;
        }
    }
}
