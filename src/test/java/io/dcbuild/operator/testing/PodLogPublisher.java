package io.dcbuild.operator.testing;

/**
 * Makes the log of a pod's {@code envbuilder} container readable through the API server, in place of a kubelet. {@link #publish} is called with the whole log each time it grows, and at the latest before the pod's
 * terminal status is written.
 */
public interface PodLogPublisher {

    String CONTAINER = "envbuilder";
    int TAIL_LINES = 200;

    void publish(String namespace, String podName, String log);

    /**
     * The request path and query that
     * {@code client.pods().inNamespace(ns).withName(name).inContainer("envbuilder").tailingLines(200).getLog()}
     * sends with Fabric8 7.5 (see {@code PodOperationContext#getLogParameters}).
     */
    static String logPath(String namespace, String podName) {
        return "/api/v1/namespaces/" + namespace + "/pods/" + podName + "/log?pretty=false&container=" + CONTAINER
                + "&tailLines=" + TAIL_LINES;
    }

    /** The last {@code count} lines of {@code log}, as the kubelet answers {@code tailLines}. */
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
