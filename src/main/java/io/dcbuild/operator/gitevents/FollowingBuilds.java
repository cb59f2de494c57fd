package io.dcbuild.operator.gitevents;

import io.dcbuild.operator.api.v1alpha1.DevContainerBuild;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The builds that follow a pushed repository and ref: {@code spec.source.url} is one of the repository's addresses
 * (as {@link RepositoryAddress} identities) and {@code spec.source.ref} names a pushed ref, in full
 * ({@code refs/heads/main}) or short ({@code main} for a branch or a tag of that name, as the ref check reads it).
 */
public final class FollowingBuilds {

    private FollowingBuilds() {
    }

    public static List<DevContainerBuild> of(Stream<DevContainerBuild> builds, PushEvent push) {
        return builds.filter(build -> follows(build, push)).toList();
    }

    static boolean follows(DevContainerBuild build, PushEvent push) {
        if (build.getSpec() == null || build.getSpec().getSource() == null) {
            return false;
        }
        String ref = build.getSpec().getSource().getRef();
        return ref != null && RepositoryAddress.of(build.getSpec().getSource().getUrl())
                .filter(push.repositories()::contains).isPresent()
                && namesPushedRef(ref.trim(), push.refs());
    }

    private static boolean namesPushedRef(String ref, Set<String> pushed) {
        if (ref.startsWith("refs/")) {
            return pushed.contains(ref);
        }
        return pushed.contains("refs/heads/" + ref) || pushed.contains("refs/tags/" + ref);
    }
}
