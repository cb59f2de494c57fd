package io.dcbuild.operator.retention;

import io.dcbuild.operator.registry.DistributionClient;
import io.dcbuild.operator.registry.ImageCreationTime;
import io.dcbuild.operator.registry.Manifest;
import io.dcbuild.operator.registry.RegistryException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Reads a cache repository: lists its tags, GETs the manifest of every tag (one request per tag gives digest,
 * config and layers), and reads the config blob of each manifest that a cache-key tag points at, once per digest,
 * for its {@code created} time. Reads of manifests and configs go out with a few in flight ({@link ParallelReads}).
 *
 * <p>A tag that is listed but gone when read is recorded as vanished. Any other registry error ends the scan with
 * the exception: a sweep must not decide on a partial view, because a digest whose other tags were not seen could
 * carry a tag that must stay.
 */
final class RepositoryScanner {

    private final DistributionClient client;
    private final ParallelReads reads;

    RepositoryScanner(DistributionClient client, int concurrentReads) {
        this.client = client;
        this.reads = new ParallelReads(concurrentReads);
    }

    RepositoryScan scan(String repository) {
        List<String> tags = client.listTags(repository);
        List<Optional<Manifest>> manifestsOfTags = reads.map(tags, tag -> manifestOfTag(repository, tag));
        Map<String, String> digestByTag = new LinkedHashMap<>();
        Map<String, Manifest> manifests = new LinkedHashMap<>();
        List<String> vanished = new ArrayList<>();
        for (int i = 0; i < tags.size(); i++) {
            String tag = tags.get(i);
            Optional<Manifest> manifest = manifestsOfTags.get(i);
            if (manifest.isEmpty()) {
                vanished.add(tag);
                continue;
            }
            digestByTag.put(tag, manifest.get().digest());
            manifests.putIfAbsent(manifest.get().digest(), manifest.get());
        }
        Set<String> cacheKeyDigests = new HashSet<>();
        digestByTag.forEach((tag, digest) -> {
            if (TagRole.isCacheKey(tag)) {
                cacheKeyDigests.add(digest);
            }
        });
        List<ScannedManifest> withAges = reads.map(List.copyOf(manifests.values()),
                manifest -> cacheKeyDigests.contains(manifest.digest()) ? withCreated(repository, manifest)
                        : new ScannedManifest(manifest, Optional.empty(), null));
        Map<String, ScannedManifest> scanned = new LinkedHashMap<>();
        withAges.forEach(manifest -> scanned.put(manifest.digest(), manifest));
        return new RepositoryScan(repository, tags, digestByTag, scanned, vanished);
    }

    private Optional<Manifest> manifestOfTag(String repository, String tag) {
        try {
            return Optional.of(client.getManifest(repository, tag));
        } catch (RegistryException e) {
            if (e.isNotFound()) {
                return Optional.empty();
            }
            throw e;
        }
    }

    private ScannedManifest withCreated(String repository, Manifest manifest) {
        if (!manifest.isImage() || manifest.config() == null || manifest.config().digest() == null) {
            return new ScannedManifest(manifest, Optional.empty(),
                    "it is not a single image manifest (" + manifest.mediaType() + ")");
        }
        byte[] config;
        try {
            config = client.getBlob(repository, manifest.config().digest());
        } catch (RegistryException e) {
            if (e.isNotFound()) {
                return new ScannedManifest(manifest, Optional.empty(),
                        "its config blob " + manifest.config().digest() + " is missing");
            }
            throw e;
        } catch (IllegalArgumentException e) { // a config digest that is not sha256
            return new ScannedManifest(manifest, Optional.empty(), "its config cannot be read: " + e.getMessage());
        }
        Optional<Instant> created = ImageCreationTime.of(config);
        return new ScannedManifest(manifest, created,
                created.isPresent() ? null : "its config has no readable 'created' time");
    }
}
