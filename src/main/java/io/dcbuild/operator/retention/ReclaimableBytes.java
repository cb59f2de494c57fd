package io.dcbuild.operator.retention;

import io.dcbuild.operator.registry.BlobDescriptor;
import io.dcbuild.operator.registry.Manifest;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * An estimate of the bytes the registry's blob garbage collection can free after manifests are deleted: the
 * sizes, from the manifests, of the config and layer blobs of the deleted manifests, each blob counted once, and
 * not at all when a kept manifest references it.
 *
 * <p>Best effort: "kept" means the manifests this run saw (tagged ones and the recorded images it fetched for
 * pinning). Untagged manifests that the registry does not list, the children of a kept index, and other
 * repositories of the same registry (which may share a blob; distribution keeps a blob linked per repository, so
 * its GC frees it only when no repository uses it) are not seen, so the figure can be higher than what is
 * really freed.
 */
final class ReclaimableBytes {

    private ReclaimableBytes() {
    }

    static long of(Collection<Manifest> deleted, Collection<Manifest> kept) {
        Set<String> stillReferenced = new HashSet<>();
        for (Manifest manifest : kept) {
            forEachBlob(manifest, blob -> stillReferenced.add(blob.digest()));
        }
        Map<String, Long> freed = new HashMap<>();
        for (Manifest manifest : deleted) {
            forEachBlob(manifest, blob -> {
                if (!stillReferenced.contains(blob.digest()) && blob.size() > 0) {
                    freed.putIfAbsent(blob.digest(), blob.size());
                }
            });
        }
        return freed.values().stream().mapToLong(Long::longValue).sum();
    }

    private static void forEachBlob(Manifest manifest, Consumer<BlobDescriptor> action) {
        if (manifest.config() != null && manifest.config().digest() != null) {
            action.accept(manifest.config());
        }
        manifest.layers().stream().filter(layer -> layer.digest() != null).forEach(action);
    }
}
