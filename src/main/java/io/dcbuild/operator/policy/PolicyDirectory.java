package io.dcbuild.operator.policy;

import io.dcbuild.operator.api.v1alpha1.DevContainerBuildPolicy;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import java.util.Map;
import java.util.Objects;

/**
 * Tells which policies govern a namespace from the controller's informer caches of policies and namespaces (no API
 * call per reconcile). The controller registers both informers (see {@link #POLICIES} and {@link #NAMESPACES}); a
 * change of either re-evaluates the builds it concerns.
 */
public final class PolicyDirectory {

    /** Name of the event source of DevContainerBuildPolicies. */
    public static final String POLICIES = "policies";
    /** Name of the event source of Namespaces (their labels select policies). */
    public static final String NAMESPACES = "namespaces";

    private PolicyDirectory() {
    }

    /** The policies and the namespace's labels as the caches have them now: what a reconcile decides with. */
    public static NamespacePolicies viewOf(String namespace, Context<?> context) {
        Map<String, String> labels = informer(context, Namespace.class, NAMESPACES).get(new ResourceID(namespace))
                .map(ns -> Objects.requireNonNullElse(ns.getMetadata().getLabels(), Map.<String, String>of()))
                .orElse(null);
        return new NamespacePolicies(namespace, labels,
                informer(context, DevContainerBuildPolicy.class, POLICIES).list().toList());
    }

    @SuppressWarnings("unchecked")
    private static <R extends HasMetadata> InformerEventSource<R, ?> informer(
            Context<?> context, Class<R> type, String name) {
        return (InformerEventSource<R, ?>) context.eventSourceRetriever().getEventSourceFor(type, name);
    }
}
