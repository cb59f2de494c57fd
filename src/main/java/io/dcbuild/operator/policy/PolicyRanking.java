package io.dcbuild.operator.policy;

import io.dcbuild.operator.api.v1alpha1.DevContainerBuildPolicy;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Which policies apply to a namespace, strongest first: highest {@code spec.priority}, then name in alphabetical
 * order. Single values come from the first; allow-lists of all of them apply together.
 */
public final class PolicyRanking {

    static final Comparator<DevContainerBuildPolicy> STRONGEST_FIRST = Comparator
            .comparing((DevContainerBuildPolicy p) -> priorityOf(p)).reversed()
            .thenComparing(p -> p.getMetadata().getName());

    private PolicyRanking() {
    }

    public static List<DevContainerBuildPolicy> applicable(Collection<DevContainerBuildPolicy> policies,
            Map<String, String> namespaceLabels) {
        return policies.stream()
                .filter(p -> p.getMetadata().getDeletionTimestamp() == null)
                .filter(p -> p.getSpec() != null
                        && LabelSelectorMatch.matches(p.getSpec().getNamespaceSelector(), namespaceLabels))
                .sorted(STRONGEST_FIRST)
                .toList();
    }

    public static Optional<DevContainerBuildPolicy> governing(Collection<DevContainerBuildPolicy> policies,
            Map<String, String> namespaceLabels) {
        return applicable(policies, namespaceLabels).stream().findFirst();
    }

    private static int priorityOf(DevContainerBuildPolicy policy) {
        Integer priority = policy.getSpec() == null ? null : policy.getSpec().getPriority();
        return priority == null ? 0 : priority;
    }
}
