package io.dcbuild.operator.config;

import io.javaoperatorsdk.operator.api.config.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.config.informer.InformerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Constants;
import java.util.Collection;
import java.util.Collections;
import java.util.Set;
import java.util.TreeSet;

/**
 * The namespaces this operator serves: every namespace (the default install, one ClusterRole), or the ones
 * {@code dcbuild.watch-namespaces} names (a namespaced install, where the operator's rights on namespaced objects
 * are granted by a Role in each of them and nowhere else).
 *
 * <p>Why one setting for everything: an informer or a call that reached beyond these namespaces would be refused by
 * RBAC in a namespaced install. The build and run controllers watch exactly these namespaces (application.properties
 * hands the setting to the Quarkus Operator SDK; each controller checks at start that it did, {@link
 * #requireWatchedBy}), and so do the informers that inherit the controllers' namespaces (runs, pods) and the Secret
 * watches of builds. Cluster-scoped kinds (policies, namespaces) are watched cluster-wide in both modes; the policy
 * controller counts and governs only builds of these namespaces.
 */
public final class WatchedNamespaces {

    private static final WatchedNamespaces ALL = new WatchedNamespaces(Set.of());

    /** Empty: every namespace. */
    private final Set<String> names;

    private WatchedNamespaces(Set<String> names) {
        this.names = names;
    }

    public static WatchedNamespaces all() {
        return ALL;
    }

    /** These namespaces (names trimmed, blank ones ignored); every namespace if none is left. */
    public static WatchedNamespaces only(Collection<String> names) {
        TreeSet<String> cleaned = new TreeSet<>();
        names.stream().map(String::strip).filter(name -> !name.isEmpty()).forEach(cleaned::add);
        return cleaned.isEmpty() ? ALL : new WatchedNamespaces(Collections.unmodifiableSet(cleaned));
    }

    public static WatchedNamespaces of(OperatorConfig config) {
        return config.watchNamespaces().map(WatchedNamespaces::only).orElse(ALL);
    }

    /** Whether every namespace is served (no namespaced install). */
    public boolean everywhere() {
        return names.isEmpty();
    }

    public boolean includes(String namespace) {
        return everywhere() || names.contains(namespace);
    }

    /** The namespaces served, sorted; empty when every namespace is. */
    public Set<String> names() {
        return names;
    }

    /** As a controller of the Java Operator SDK is given them. */
    public Set<String> forController() {
        return everywhere() ? Constants.WATCH_ALL_NAMESPACE_SET : names;
    }

    /**
     * Fails when {@code controller} watches other namespaces than these: the Quarkus Operator SDK's own namespace
     * setting of a controller was set apart from {@code dcbuild.watch-namespaces}, and the rest of the operator
     * (and the RBAC a namespaced install grants) would not match what the controller watches.
     */
    public void requireWatchedBy(ControllerConfiguration<?> controller) {
        requireWatchedBy(controller.getName(), controller.getEffectiveNamespaces());
    }

    /** {@link #requireWatchedBy(ControllerConfiguration)} of the controller {@code name} watching {@code watched}. */
    void requireWatchedBy(String name, Set<String> watched) {
        boolean same = everywhere() ? InformerConfiguration.allNamespacesWatched(watched)
                : !InformerConfiguration.allNamespacesWatched(watched) && names.equals(Set.copyOf(watched));
        if (!same) {
            throw new IllegalStateException("the controller " + name + " watches " + watched
                    + ", but dcbuild.watch-namespaces says " + this + ": set DCBUILD_WATCH_NAMESPACES only, not the "
                    + "Quarkus Operator SDK's namespaces of a controller");
        }
    }

    @Override
    public String toString() {
        return everywhere() ? "every namespace" : String.join(",", names);
    }
}
