package io.dcbuild.operator.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.javaoperatorsdk.operator.api.reconciler.Constants;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class WatchedNamespacesTest {

    @Test
    void noNamesMeansEveryNamespace() {
        WatchedNamespaces all = WatchedNamespaces.only(List.of(" ", ""));

        assertThat(all.everywhere()).isTrue();
        assertThat(all.includes("anything")).isTrue();
        assertThat(all.forController()).isEqualTo(Constants.WATCH_ALL_NAMESPACE_SET);
        assertThat(all).hasToString("every namespace");
    }

    @Test
    void namesAreTrimmedSortedAndCountedOnce() {
        WatchedNamespaces some = WatchedNamespaces.only(List.of(" team-b", "team-a ", "team-b", ""));

        assertThat(some.everywhere()).isFalse();
        assertThat(some.names()).containsExactly("team-a", "team-b");
        assertThat(some.forController()).containsExactly("team-a", "team-b");
        assertThat(some.includes("team-a")).isTrue();
        assertThat(some.includes("team-c")).isFalse();
        assertThat(some).hasToString("team-a,team-b");
    }

    @Test
    void aControllerWatchingOtherNamespacesThanTheSettingIsRefused() {
        WatchedNamespaces onlyTeamA = WatchedNamespaces.only(List.of("team-a"));
        Set<String> everywhere = Constants.WATCH_ALL_NAMESPACE_SET;

        assertThatCode(() -> WatchedNamespaces.all().requireWatchedBy("builds", everywhere))
                .doesNotThrowAnyException();
        assertThatCode(() -> onlyTeamA.requireWatchedBy("builds", Set.of("team-a"))).doesNotThrowAnyException();
        assertThatThrownBy(() -> onlyTeamA.requireWatchedBy("builds", everywhere))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("DCBUILD_WATCH_NAMESPACES");
        assertThatThrownBy(() -> WatchedNamespaces.all().requireWatchedBy("builds", Set.of("team-a")))
                .isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> WatchedNamespaces.only(List.of("team-a", "team-b"))
                .requireWatchedBy("builds", Set.of("team-a"))).isInstanceOf(IllegalStateException.class);
    }
}
