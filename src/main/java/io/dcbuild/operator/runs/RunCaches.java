package io.dcbuild.operator.runs;

import io.dcbuild.operator.api.v1alpha1.DevContainerBuildRun;
import io.fabric8.kubernetes.api.model.Pod;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;

/**
 * Puts what the run controller just wrote (a run's status, a pod it created) into the Java Operator SDK's caches, as
 * the SDK does for what a reconciler returns: until the informers deliver it, the next reconcile reads it from there
 * rather than an older version. Correctness does not depend on it (a write on an older view is refused by its
 * resourceVersion, a second create by the pod's name); it saves those refused requests.
 */
final class RunCaches {

    private final Context<DevContainerBuildRun> context;

    RunCaches(Context<DevContainerBuildRun> context) {
        this.context = context;
    }

    void written(DevContainerBuildRun run) {
        context.eventSourceRetriever().getControllerEventSource()
                .handleRecentResourceUpdate(ResourceID.fromResource(run), run, null);
    }

    @SuppressWarnings("unchecked")
    void created(Pod pod) {
        InformerEventSource<Pod, DevContainerBuildRun> pods = (InformerEventSource<Pod, DevContainerBuildRun>) context
                .eventSourceRetriever().getEventSourceFor(Pod.class);
        pods.handleRecentResourceCreate(ResourceID.fromResource(pod), pod);
    }
}
