package io.dcbuild.operator.builds;

import static org.assertj.core.api.Assertions.assertThat;

import io.dcbuild.operator.api.v1alpha1.BuildPhase;
import io.dcbuild.operator.api.v1alpha1.CacheWarmth;
import io.dcbuild.operator.api.v1alpha1.DevContainerBuild;
import io.dcbuild.operator.api.v1alpha1.DevContainerBuildStatus;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import java.util.List;
import org.junit.jupiter.api.Test;

class RefreshSlotsTest {

    private final RefreshSlots slots = new RefreshSlots();

    @Test
    void atMostTheLimitPerNamespaceCountingStatusAndWhatThisOperatorJustStarted() {
        List<DevContainerBuild> builds = List.of(build("a", "one", "dcb-run-1"), build("a", "two", null),
                build("a", "three", null), build("b", "four", null));

        assertThat(slots.take(id("a", "two"), builds.stream(), 2, 10)).as("one refresh in status").isTrue();
        assertThat(slots.take(id("a", "three"), builds.stream(), 2, 10))
                .as("one in status, one just started (not in the cache yet)").isFalse();
        assertThat(slots.take(id("b", "four"), builds.stream(), 2, 10)).as("another namespace").isTrue();

        slots.release(id("a", "two"));
        assertThat(slots.take(id("a", "three"), builds.stream(), 2, 10)).isTrue();
    }

    @Test
    void atMostTheLimitInAllAndADeletedBuildGivesItsPlaceBack() {
        List<DevContainerBuild> builds = List.of(build("a", "one", null), build("b", "two", null),
                build("c", "three", null));
        assertThat(slots.take(id("a", "one"), builds.stream(), 5, 2)).isTrue();
        assertThat(slots.take(id("b", "two"), builds.stream(), 5, 2)).isTrue();
        assertThat(slots.take(id("c", "three"), builds.stream(), 5, 2)).isFalse();

        List<DevContainerBuild> afterDelete = List.of(build("b", "two", null), build("c", "three", null));
        assertThat(slots.take(id("c", "three"), afterDelete.stream(), 5, 2)).isTrue();
    }

    @Test
    void aBuildAskingAgainKeepsItsOwnPlace() {
        List<DevContainerBuild> builds = List.of(build("a", "one", "dcb-run-1"));
        assertThat(slots.take(id("a", "one"), builds.stream(), 1, 1)).isTrue();
    }

    @Test
    void aBuildThatLeftReadyHoldsNoPlace() {
        DevContainerBuild stalled = build("a", "one", "dcb-run-1");
        stalled.getStatus().setPhase(BuildPhase.Stalled);
        assertThat(slots.take(id("a", "two"), List.of(stalled).stream(), 1, 1)).isTrue();
    }

    private static ResourceID id(String namespace, String name) {
        return new ResourceID(name, namespace);
    }

    private static DevContainerBuild build(String namespace, String name, String refreshRun) {
        DevContainerBuild build = new DevContainerBuild();
        build.getMetadata().setNamespace(namespace);
        build.getMetadata().setName(name);
        build.setStatus(new DevContainerBuildStatus());
        build.getStatus().setPhase(BuildPhase.Ready);
        if (refreshRun != null) {
            CacheWarmth cache = new CacheWarmth();
            cache.setRefreshRun(refreshRun);
            build.getStatus().setCache(cache);
        }
        return build;
    }
}
