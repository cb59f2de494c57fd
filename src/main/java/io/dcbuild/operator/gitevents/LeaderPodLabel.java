package io.dcbuild.operator.gitevents;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderCallbacks;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jboss.logging.Logger;

/**
 * The label {@code dcbuild.io/leader=true} on this operator's own pod while it leads, so that the git push
 * receiver's Service (which selects it) sends deliveries to the pod that reconciles. Removed when this process
 * starts (a pod whose container restarted after losing the Lease must not keep it) and when it stops leading.
 *
 * <p>Written with a JSON merge patch of the pod's labels only (RBAC: patch of pods in the operator's namespace), from
 * one thread, in order, each write the state wanted at that moment; a refused write is tried again every
 * {@link #RETRY}. A standby that still carries the label, for the seconds until it is removed, answers deliveries
 * 503, so that the git host may deliver again: nothing is acted on by a pod that does not reconcile.
 */
public final class LeaderPodLabel implements AutoCloseable {

    public static final String LABEL = "dcbuild.io/leader";
    static final Duration RETRY = Duration.ofSeconds(5);
    private static final Logger LOG = Logger.getLogger(LeaderPodLabel.class);

    private final KubernetesClient client;
    private final String namespace;
    private final String pod;
    private final ScheduledExecutorService writer = Executors.newSingleThreadScheduledExecutor(task -> {
        Thread thread = new Thread(task, "leader-pod-label");
        thread.setDaemon(true);
        return thread;
    });
    private final AtomicBoolean retryScheduled = new AtomicBoolean();
    private volatile boolean leading;

    /** Removes the label from the pod now (in the background), before this process may lead. */
    public LeaderPodLabel(KubernetesClient client, String namespace, String pod) {
        this.client = client;
        this.namespace = namespace;
        this.pod = pod;
        if (pod != null) {
            writer.execute(this::write);
        }
    }

    /** Outside a pod (no {@code dcbuild.git-events.pod-name}): nothing is labelled. */
    public static LeaderPodLabel none() {
        return new LeaderPodLabel(null, null, null);
    }

    /** {@code callbacks}, and this label following them. */
    public LeaderCallbacks following(LeaderCallbacks callbacks) {
        return new LeaderCallbacks(() -> {
            callbacks.onStartLeading();
            leading(true);
        }, () -> {
            leading(false);
            callbacks.onStopLeading();
        }, callbacks::onNewLeader);
    }

    /** This process leads (or stops leading): the label is set (or removed) in the background. */
    public void leading(boolean value) {
        leading = value;
        if (pod != null) {
            writer.execute(this::write);
        }
    }

    private void write() {
        boolean wanted = leading;
        String patch = "{\"metadata\":{\"labels\":{\"" + LABEL + "\":" + (wanted ? "\"true\"" : "null") + "}}}";
        try {
            // patched through a stub of the pod: by name alone Fabric8 would GET the pod first (a right not needed)
            Pod stub = new PodBuilder().withNewMetadata().withName(pod).withNamespace(namespace).endMetadata().build();
            client.pods().inNamespace(namespace).resource(stub).patch(PatchContext.of(PatchType.JSON_MERGE), patch);
            LOG.infof("pod %s/%s: label %s %s", namespace, pod, LABEL, wanted ? "set (leading)" : "removed");
        } catch (KubernetesClientException e) {
            if (e.getCode() == 404) {
                LOG.warnf("pod %s/%s does not exist: the label %s is not written (dcbuild.git-events.pod-name must "
                        + "be this pod's name; the chart sets it from the downward API)", namespace, pod, LABEL);
                return;
            }
            LOG.warnf("pod %s/%s: the label %s could not be %s (HTTP %d: %s); trying again in %ds", namespace, pod,
                    LABEL, wanted ? "set" : "removed", e.getCode(), e.getStatus() == null ? e.getMessage()
                            : e.getStatus().getReason(), RETRY.toSeconds());
            if (retryScheduled.compareAndSet(false, true)) {
                writer.schedule(() -> {
                    retryScheduled.set(false);
                    write();
                }, RETRY.toSeconds(), TimeUnit.SECONDS);
            }
        }
    }

    /** Whether the pod carries the label now, as the API server gives it to {@code reader} (for tests). */
    boolean labelledAsAdminSees(KubernetesClient reader) {
        Pod current = reader.pods().inNamespace(namespace).withName(pod).get();
        return current != null && current.getMetadata().getLabels() != null
                && "true".equals(current.getMetadata().getLabels().get(LABEL));
    }

    @Override
    public void close() {
        writer.shutdownNow();
    }
}
