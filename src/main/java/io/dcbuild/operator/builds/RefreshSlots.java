package io.dcbuild.operator.builds;

import io.dcbuild.operator.api.v1alpha1.BuildPhase;
import io.dcbuild.operator.api.v1alpha1.DevContainerBuild;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * How many refresh runs are under way, in a namespace and in all: the builds whose status names one (the informer
 * cache: it survives a restart and a change of leader) and those this operator started since, whose status may not
 * be in the cache yet. One lock decides, so that builds reconciled at the same moment on several threads cannot
 * exceed the limits together.
 */
final class RefreshSlots {

    private final Set<ResourceID> started = new HashSet<>();

    synchronized boolean take(ResourceID build, Stream<DevContainerBuild> builds, int perNamespace, int inAll) {
        List<DevContainerBuild> all = builds.toList();
        // a build deleted while its refresh ran gives its place back
        started.retainAll(all.stream().map(ResourceID::fromResource).collect(Collectors.toSet()));
        Set<ResourceID> busy = new HashSet<>(started);
        // a build that left Ready (stalled by a policy, say) no longer follows its refresh: it holds no place
        all.stream().filter(b -> b.getStatus() != null && b.getStatus().getPhase() == BuildPhase.Ready
                        && b.getStatus().getCache() != null && b.getStatus().getCache().getRefreshRun() != null)
                .map(ResourceID::fromResource)
                .forEach(busy::add);
        busy.remove(build);
        long inNamespace = busy.stream().filter(id -> id.getNamespace().equals(build.getNamespace())).count();
        if (inNamespace >= perNamespace || busy.size() >= inAll) {
            return false;
        }
        started.add(build);
        return true;
    }

    synchronized void release(ResourceID build) {
        started.remove(build);
    }
}
