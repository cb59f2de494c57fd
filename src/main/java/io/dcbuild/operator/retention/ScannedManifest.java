package io.dcbuild.operator.retention;

import io.dcbuild.operator.registry.Manifest;
import java.time.Instant;
import java.util.Optional;

/**
 * A manifest of a cache repository as the scan saw it.
 *
 * @param manifest the manifest as served (bytes, media type, digest, config and layers)
 * @param created  the config's {@code created}; empty when it was not read (no cache-key tag points here) or is
 *                 unreadable (then {@code createdProblem} says why)
 * @param createdProblem why {@code created} could not be read, or null
 */
record ScannedManifest(Manifest manifest, Optional<Instant> created, String createdProblem) {

    String digest() {
        return manifest.digest();
    }
}
