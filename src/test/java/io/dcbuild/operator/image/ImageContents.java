package io.dcbuild.operator.image;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dcbuild.operator.registry.DistributionClient;
import io.dcbuild.operator.registry.Manifest;
import io.dcbuild.operator.testing.LocalRegistry;
import java.io.BufferedInputStream;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;

/**
 * An image as a user's tools get it: from a registry (manifest, config blob, layer blobs over the distribution API)
 * or from an OCI image layout tarball ({@code oci-layout}, {@code index.json}, {@code blobs/sha256/<hex>}, each blob
 * checked against its name). Holds the manifest's digest, the config and the entries of each layer. Tar archives
 * are read with commons-compress, which Jib Core brings.
 */
final class ImageContents {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** One entry of a layer: path without a leading {@code /} or {@code ./}, permission bits, owner, kind. */
    record LayerEntry(String path, int mode, long uid, long gid, boolean directory, boolean symbolicLink) {
    }

    private final String manifestDigest;
    private final JsonNode manifest;
    private final JsonNode config;
    private final List<List<LayerEntry>> layers;

    private ImageContents(String manifestDigest, JsonNode manifest, JsonNode config, List<List<LayerEntry>> layers) {
        this.manifestDigest = manifestDigest;
        this.manifest = manifest;
        this.config = config;
        this.layers = List.copyOf(layers);
    }

    /** {@code GET} of the manifest at {@code reference} (a tag), its config blob and its layer blobs, plain http. */
    static ImageContents pulled(LocalRegistry registry, String repository, String reference) throws IOException {
        DistributionClient client = new DistributionClient(DistributionClient.newHttpClient(), registry.hostPort(),
                true, null);
        Manifest manifest = client.getManifest(repository, reference);
        if (!manifest.isImage()) {
            throw new IllegalStateException(repository + ":" + reference + " is not an image manifest: " + manifest);
        }
        JsonNode config = JSON.readTree(client.getBlob(repository, manifest.config().digest()));
        List<List<LayerEntry>> layers = new ArrayList<>();
        for (var layer : manifest.layers()) {
            layers.add(entries(new ByteArrayInputStream(client.getBlob(repository, layer.digest()))));
        }
        return new ImageContents(manifest.digest(), JSON.readTree(manifest.bytes()), config, layers);
    }

    /**
     * Reads an OCI image layout tarball holding one image.
     *
     * @throws IllegalStateException when it is not a valid layout: no {@code oci-layout} of version 1.0.0, no
     *                               {@code index.json} with one manifest, a blob whose content does not hash to its
     *                               name, or a blob the manifest names that is missing
     */
    static ImageContents fromOciLayoutTarball(Path tarball) throws IOException {
        Map<String, byte[]> smallFiles = new HashMap<>();
        Map<String, List<LayerEntry>> layerBlobs = new HashMap<>();
        try (TarArchiveInputStream tar = new TarArchiveInputStream(Files.newInputStream(tarball))) {
            for (TarArchiveEntry entry = tar.getNextEntry(); entry != null; entry = tar.getNextEntry()) {
                if (!entry.isFile()) {
                    continue;
                }
                String name = entry.getName().replaceFirst("^\\./", "");
                if (!name.startsWith("blobs/sha256/")) {
                    smallFiles.put(name, tar.readAllBytes());
                    continue;
                }
                String digest = "sha256:" + name.substring("blobs/sha256/".length());
                DigestInputStream hashed = new DigestInputStream(tar, sha256());
                BufferedInputStream blob = new BufferedInputStream(hashed);
                blob.mark(2);
                boolean gzip = blob.read() == 0x1f && blob.read() == 0x8b;
                blob.reset();
                if (gzip) {
                    layerBlobs.put(digest, entries(blob));
                    blob.transferTo(java.io.OutputStream.nullOutputStream()); // the rest: gzip trailer, padding
                } else {
                    smallFiles.put(name, blob.readAllBytes());
                }
                String actual = "sha256:" + HexFormat.of().formatHex(hashed.getMessageDigest().digest());
                if (!actual.equals(digest)) {
                    throw new IllegalStateException(tarball + ": blob " + name + " hashes to " + actual);
                }
            }
        }
        JsonNode layout = JSON.readTree(required(smallFiles, "oci-layout", tarball));
        if (!"1.0.0".equals(layout.path("imageLayoutVersion").asText())) {
            throw new IllegalStateException(tarball + ": oci-layout is " + layout);
        }
        JsonNode index = JSON.readTree(required(smallFiles, "index.json", tarball));
        if (index.path("manifests").size() != 1) {
            throw new IllegalStateException(tarball + ": index.json names " + index.path("manifests").size()
                    + " manifests: " + index);
        }
        String manifestDigest = index.path("manifests").get(0).path("digest").asText();
        JsonNode manifest = JSON.readTree(required(smallFiles, blobPath(manifestDigest), tarball));
        JsonNode config = JSON.readTree(required(smallFiles, blobPath(manifest.path("config").path("digest").asText()),
                tarball));
        List<List<LayerEntry>> layers = new ArrayList<>();
        for (JsonNode layer : manifest.path("layers")) {
            List<LayerEntry> entries = layerBlobs.get(layer.path("digest").asText());
            if (entries == null) {
                throw new IllegalStateException(tarball + " lacks the layer " + layer.path("digest").asText());
            }
            layers.add(entries);
        }
        return new ImageContents(manifestDigest, manifest, config, layers);
    }

    String manifestDigest() {
        return manifestDigest;
    }

    String manifestMediaType() {
        return manifest.path("mediaType").asText();
    }

    /** The config's {@code config} object: Entrypoint, Cmd, User, WorkingDir, ExposedPorts, Env, Labels. */
    JsonNode containerConfig() {
        return config.path("config");
    }

    Map<String, String> labels() {
        Map<String, String> labels = new LinkedHashMap<>();
        containerConfig().path("Labels").fields().forEachRemaining(e -> labels.put(e.getKey(), e.getValue().asText()));
        return labels;
    }

    Map<String, String> environment() {
        Map<String, String> environment = new LinkedHashMap<>();
        for (JsonNode variable : containerConfig().path("Env")) {
            String[] pair = variable.asText().split("=", 2);
            environment.put(pair[0], pair.length > 1 ? pair[1] : "");
        }
        return environment;
    }

    List<List<LayerEntry>> layers() {
        return layers;
    }

    /** The file system the layers make, later layers over earlier ones (no whiteouts in these images). */
    Map<String, LayerEntry> fileSystem() {
        Map<String, LayerEntry> files = new LinkedHashMap<>();
        layers.forEach(layer -> layer.forEach(entry -> files.put(entry.path(), entry)));
        return files;
    }

    private static List<LayerEntry> entries(InputStream gzippedTar) throws IOException {
        List<LayerEntry> entries = new ArrayList<>();
        TarArchiveInputStream tar = new TarArchiveInputStream(new GZIPInputStream(gzippedTar));
        for (TarArchiveEntry entry = tar.getNextEntry(); entry != null; entry = tar.getNextEntry()) {
            String path = entry.getName().replaceFirst("^\\./", "").replaceFirst("^/", "").replaceFirst("/$", "");
            entries.add(new LayerEntry(path, entry.getMode() & 07777, entry.getLongUserId(), entry.getLongGroupId(),
                    entry.isDirectory(), entry.isSymbolicLink()));
        }
        return entries;
    }

    private static byte[] required(Map<String, byte[]> files, String name, Path tarball) {
        byte[] content = files.get(name);
        if (content == null) {
            throw new IllegalStateException(tarball + " has no " + name + " (entries: " + files.keySet() + ")");
        }
        return content;
    }

    private static String blobPath(String digest) {
        return "blobs/sha256/" + digest.substring("sha256:".length());
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
