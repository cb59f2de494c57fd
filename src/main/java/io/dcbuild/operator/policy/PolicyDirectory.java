package io.dcbuild.operator.policy;

import io.dcbuild.operator.api.v1alpha1.DevContainerBuildPolicy;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

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

    /** What every policy selecting the namespace decides together, as the caches see it now. */
    public static EffectivePolicy effectiveFor(String namespace, Context<?> context) {
        List<DevContainerBuildPolicy> policies = informer(context, DevContainerBuildPolicy.class, POLICIES).list()
                .toList();
        return EffectivePolicy.of(PolicyRanking.applicable(policies, labelsOf(namespace, context)));
    }

    /**
     * The invalid policies that could govern the namespace, each with its problems: while there is one, the
     * namespace's builds are held rather than run under what the valid policies alone say.
     */
    public static Map<String, List<String>> invalidCovering(String namespace, Context<?> context,
            PolicySpecValidator validator) {
        Map<String, String> labels = labelsOf(namespace, context);
        Map<String, List<String>> invalid = new TreeMap<>();
        informer(context, DevContainerBuildPolicy.class, POLICIES).list()
                .filter(p -> p.getMetadata().getDeletionTimestamp() == null && p.getSpec() != null)
                .filter(p -> LabelSelectorMatch.couldMatch(p.getSpec().getNamespaceSelector(), labels))
                .forEach(p -> {
                    List<String> problems = validator.problems(p.getSpec());
                    if (!problems.isEmpty()) {
                        invalid.put(p.getMetadata().getName(), problems);
                    }
                });
        return invalid;
    }

    /**
     * What the operator's cache says of the namespace's labels and of the policies (their generations), taken before
     * a reconcile decides anything with them.
     *
     * @param labels the namespace's labels, null when the cache does not have the namespace
     */
    public record CacheView(Map<String, String> labels, Map<String, Long> policies) {
    }

    public static CacheView cacheView(String namespace, Context<?> context) {
        Map<String, String> labels = informer(context, Namespace.class, NAMESPACES).get(new ResourceID(namespace))
                .map(ns -> nonNull(ns.getMetadata().getLabels())).orElse(null);
        return new CacheView(labels, generations(informer(context, DevContainerBuildPolicy.class, POLICIES).list()));
    }

    /**
     * Whether {@code view} (taken before the reconcile decided with it) holds the namespace's labels and every policy
     * as the API server has them now (a list of the one namespace, a list of policies): the caches of builds,
     * namespaces and policies are filled by separate watches, so a build created with its namespace or its policy
     * may be seen before they are. Nothing that starts pods is decided on a view this says is behind.
     */
    public static boolean isCurrent(CacheView view, String namespace, Context<?> context) {
        Map<String, String> liveLabels = context.getClient().namespaces().withField("metadata.name", namespace).list()
                .getItems().stream().findFirst().map(ns -> nonNull(ns.getMetadata().getLabels())).orElse(null);
        if (liveLabels != null && !liveLabels.equals(view.labels())) {
            return false;
        }
        // generations, not resourceVersions: the policy controller's status writes must not make builds wait
        return generations(context.getClient().resources(DevContainerBuildPolicy.class).list().getItems().stream())
                .equals(view.policies());
    }

    private static Map<String, Long> generations(java.util.stream.Stream<DevContainerBuildPolicy> policies) {
        return policies.collect(Collectors.toMap(p -> p.getMetadata().getName(), PolicyDirectory::generationOf));
    }

    private static Map<String, String> nonNull(Map<String, String> labels) {
        return labels == null ? Map.of() : labels;
    }

    private static Long generationOf(DevContainerBuildPolicy policy) {
        return policy.getMetadata().getGeneration() == null ? 0L : policy.getMetadata().getGeneration();
    }

    /** The namespace's labels as the informer has them (none for a namespace it does not know or that has none). */
    private static Map<String, String> labelsOf(String namespace, Context<?> context) {
        return informer(context, Namespace.class, NAMESPACES).get(new ResourceID(namespace))
                .map(ns -> ns.getMetadata().getLabels())
                .orElse(Map.of());
    }

    @SuppressWarnings("unchecked")
    private static <R extends HasMetadata> InformerEventSource<R, ?> informer(
            Context<?> context, Class<R> type, String name) {
        return (InformerEventSource<R, ?>) context.eventSourceRetriever().getEventSourceFor(type, name);
    }
}
