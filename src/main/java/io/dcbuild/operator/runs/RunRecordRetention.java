package io.dcbuild.operator.runs;

import io.dcbuild.operator.api.v1alpha1.DevContainerBuild;
import io.dcbuild.operator.api.v1alpha1.DevContainerBuildRun;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.jboss.logging.Logger;

/**
 * Keeps a finished run as the record of its key's image while builds follow it, and for {@code retention} after it
 * ended; then deletes it (its pods go with it, by owner reference). Builds record the image in their own status, so
 * deleting a run loses nothing a status shows. The builds are listed only when the retention has passed.
 */
final class RunRecordRetention {

    private static final Logger LOG = Logger.getLogger(RunRecordRetention.class);

    private final KubernetesClient client;
    private final Duration retention;
    private final Clock clock;

    RunRecordRetention(KubernetesClient client, Duration retention, Clock clock) {
        this.client = client;
        this.retention = retention;
        this.clock = clock;
    }

    UpdateControl<DevContainerBuildRun> keepOrDelete(DevContainerBuildRun run) {
        Instant now = Instant.now(clock);
        Instant due = Instant.parse(run.getStatus().getFinishedAt()).plus(retention);
        if (now.isBefore(due)) {
            return UpdateControl.<DevContainerBuildRun>noUpdate()
                    .rescheduleAfter(Duration.between(now, due));
        }
        if (followed(run)) {
            // looked at again after another retention period: a build moving on to another key writes no run
            return UpdateControl.<DevContainerBuildRun>noUpdate().rescheduleAfter(retention);
        }
        client.resources(DevContainerBuildRun.class).inNamespace(run.getMetadata().getNamespace())
                .withName(run.getMetadata().getName()).delete();
        LOG.infof("%s/%s: deleted: finished %s ago and no build follows it", run.getMetadata().getNamespace(),
                run.getMetadata().getName(), retention);
        return UpdateControl.noUpdate();
    }

    private boolean followed(DevContainerBuildRun run) {
        return client.resources(DevContainerBuild.class).inNamespace(run.getMetadata().getNamespace()).list()
                .getItems().stream()
                .anyMatch(build -> build.getStatus() != null
                        && run.getMetadata().getName().equals(build.getStatus().getRun()));
    }
}
