package io.dcbuild.operator.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Writes {@link TinyImage}s straight into the storage of a <em>stopped</em> {@link LocalRegistry}, in the layout
 * of distribution's filesystem driver, so that the restarted registry serves them as if they had been pushed:
 * blob data under {@code blobs/sha256/<2 hex>/<hex>/data}, and per repository the links
 * {@code _layers/sha256/<hex>/link} (config and layers), {@code _manifests/revisions/sha256/<hex>/link},
 * {@code _manifests/tags/<tag>/current/link} and {@code _manifests/tags/<tag>/index/sha256/<hex>/link}.
 *
 * <p>For benchmarks only: filling a repository with 10,000 tags through the API costs three requests per tag
 * and minutes on a small machine, this a few seconds. Tests that exercise pushing use {@link DirectImagePusher}
 * or Jib. The layout is distribution 2.x's; a check through the API after the restart is the caller's job.
 */
public final class RegistryStorageWriter {

    private final Path v2;

    private RegistryStorageWriter(Path v2) {
        this.v2 = v2;
    }

    public static RegistryStorageWriter into(LocalRegistry registry) {
        if (registry.isRunning()) {
            throw new IllegalStateException("stop the registry before writing its storage: " + registry);
        }
        return new RegistryStorageWriter(registry.storageDirectory().resolve("docker/registry/v2"));
    }

    /** Writes a layer blob and links it into {@code repository}. */
    public void writeLayer(String repository, TinyImage.Layer layer) {
        writeBlob(layer.digest(), layer.content());
        link(repository + "/_layers", layer.digest());
    }

    /** Writes the image's config and manifest (its layer must have been written) and tags it with every tag. */
    public void writeImage(String repository, TinyImage image, List<String> tags) {
        writeBlob(image.configDigest(), image.config());
        link(repository + "/_layers", image.configDigest());
        writeBlob(image.manifestDigest(), image.manifest());
        link(repository + "/_manifests/revisions", image.manifestDigest());
        for (String tag : tags) {
            write(v2.resolve("repositories/" + repository + "/_manifests/tags/" + tag + "/current/link"),
                    image.manifestDigest());
            link(repository + "/_manifests/tags/" + tag + "/index", image.manifestDigest());
        }
    }

    private void writeBlob(String digest, byte[] content) {
        String hex = hex(digest);
        Path data = v2.resolve("blobs/sha256/" + hex.substring(0, 2) + "/" + hex + "/data");
        if (!Files.exists(data)) {
            write(data, content);
        }
    }

    private void link(String under, String digest) {
        write(v2.resolve("repositories/" + under + "/sha256/" + hex(digest) + "/link"), digest);
    }

    private static void write(Path file, String text) {
        write(file, text.getBytes(StandardCharsets.UTF_8));
    }

    private static void write(Path file, byte[] content) {
        try {
            Files.createDirectories(file.getParent());
            Files.write(file, content);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String hex(String digest) {
        if (!digest.startsWith("sha256:")) {
            throw new IllegalArgumentException("not a sha256 digest: " + digest);
        }
        return digest.substring("sha256:".length());
    }
}
