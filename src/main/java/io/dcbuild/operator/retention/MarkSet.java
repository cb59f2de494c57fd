package io.dcbuild.operator.retention;

import io.dcbuild.operator.api.v1alpha1.DevContainerBuild;
import io.dcbuild.operator.api.v1alpha1.DevContainerBuildStatus;
import io.dcbuild.operator.api.v1alpha1.HistoryEntry;
import io.dcbuild.operator.registry.ImageReference;
import io.dcbuild.operator.registry.RepositoryIdentity;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The mark phase: every image digest recorded in a {@code DevContainerBuild} status (the current image and the
 * whole history), grouped per cache repository. A marked digest is never deleted, and gets a pin tag.
 *
 * <p>The set must be complete: build it from the builds of <em>every</em> namespace, and do not run retention when
 * listing them failed, because an image missing from the marks may be deleted.
 *
 * <p>Repositories are compared by {@link RepositoryIdentity}: every spelling of a repository ({@code localhost:5000/x}
 * and {@code 127.0.0.1:5000/x}, {@code registry.example.com:443/x} and {@code registry.example.com/x}, Docker Hub's
 * aliases) has the same marks.
 */
public final class MarkSet {

    /** By {@link RepositoryIdentity}. */
    private final Map<String, Set<String>> digestsByRepository;
    /** The first spelling met of each repository, by {@link RepositoryIdentity}: the one a sweep calls. */
    private final Map<String, ImageReference> spellings;
    private final List<String> unusable;

    private MarkSet(Map<String, Set<String>> digestsByRepository, Map<String, ImageReference> spellings,
            List<String> unusable) {
        this.digestsByRepository = digestsByRepository;
        this.spellings = spellings;
        this.unusable = unusable;
    }

    /**
     * @param recordedImages {@code repo@sha256:<hex>} strings (a tag before the digest is allowed and ignored);
     *                       nulls and blanks are skipped, anything else without a valid digest is kept in
     *                       {@link #unusable()} for the report
     */
    public static MarkSet of(Collection<String> recordedImages) {
        Map<String, Set<String>> byRepository = new TreeMap<>();
        Map<String, ImageReference> spellings = new TreeMap<>();
        List<String> unusable = new ArrayList<>();
        for (String image : recordedImages) {
            if (image == null || image.isBlank()) {
                continue;
            }
            try {
                ImageReference reference = ImageReference.parse(image.strip());
                if (!reference.hasDigest()) {
                    unusable.add("recorded image '" + image + "' has no digest; it protects nothing");
                    continue;
                }
                String identity = RepositoryIdentity.of(reference);
                spellings.putIfAbsent(identity, reference.repositoryOnly());
                byRepository.computeIfAbsent(identity, r -> new TreeSet<>()).add(reference.digest());
            } catch (IllegalArgumentException e) {
                unusable.add("recorded image cannot be read, it protects nothing: " + e.getMessage());
            }
        }
        byRepository.replaceAll((repository, digests) -> Collections.unmodifiableSet(digests));
        return new MarkSet(Collections.unmodifiableMap(byRepository), Collections.unmodifiableMap(spellings),
                List.copyOf(unusable));
    }

    /** The marks of {@code status.image} and every {@code status.history[].image} of these builds. */
    public static MarkSet ofBuilds(Collection<DevContainerBuild> builds) {
        return of(recordedImages(builds));
    }

    /** {@code status.image} and every {@code status.history[].image} of these builds, in order, with duplicates. */
    public static List<String> recordedImages(Collection<DevContainerBuild> builds) {
        List<String> images = new ArrayList<>();
        for (DevContainerBuild build : builds) {
            DevContainerBuildStatus status = build.getStatus();
            if (status == null) {
                continue;
            }
            images.add(status.getImage());
            if (status.getHistory() != null) {
                for (HistoryEntry entry : status.getHistory()) {
                    images.add(entry.getImage());
                }
            }
        }
        return images;
    }

    /** The repositories with at least one marked digest, as {@code registry/path} (the first spelling met). */
    public Set<String> repositories() {
        Set<String> names = new LinkedHashSet<>();
        spellings.values().forEach(repository -> names.add(repository.name()));
        return names;
    }

    /** The marked digests of a repository ({@code registry/path}, or any reference to it), sorted. */
    public Set<String> digests(String repository) {
        return digests(ImageReference.parse(repository.strip()).repositoryOnly());
    }

    Set<String> digests(ImageReference repository) {
        return digestsByRepository.getOrDefault(RepositoryIdentity.of(repository), Set.of());
    }

    public boolean isMarked(String repository, String digest) {
        return digests(repository).contains(digest);
    }

    /** Number of distinct marked digests over all repositories. */
    public int size() {
        return digestsByRepository.values().stream().mapToInt(Set::size).sum();
    }

    /** What could not be used as a mark, one sentence each. */
    public List<String> unusable() {
        return unusable;
    }

    @Override
    public String toString() {
        return "MarkSet[" + size() + " digests in " + digestsByRepository.size() + " repositories, "
                + unusable.size() + " unusable]";
    }
}
