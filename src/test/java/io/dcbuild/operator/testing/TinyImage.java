package io.dcbuild.operator.testing;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dcbuild.operator.registry.ManifestMediaTypes;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.zip.GZIPOutputStream;

/**
 * The bytes of a tiny single-layer Docker v2.2 image shaped like an Envbuilder cache image: a config whose
 * {@code created} and history entry are chosen by the caller, and a manifest referencing it and one layer.
 * Equal inputs give equal bytes, so equal digests.
 *
 * @param config         the config blob
 * @param configDigest   {@code sha256:} of the config
 * @param manifest       the manifest ({@link ManifestMediaTypes#DOCKER_MANIFEST})
 * @param manifestDigest {@code sha256:} of the manifest
 */
public record TinyImage(byte[] config, String configDigest, byte[] manifest, String manifestDigest) {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String CONFIG_TYPE = "application/vnd.docker.container.image.v1+json";
    private static final String LAYER_TYPE = "application/vnd.docker.image.rootfs.diff.tar.gzip";

    /** A layer blob: gzip of a short text (not a tar: registries never look inside). */
    public record Layer(byte[] content, String digest, long size, String diffId) {

        public static Layer of(String text) {
            byte[] uncompressed = text.getBytes(StandardCharsets.UTF_8);
            byte[] gzip = gzip(uncompressed);
            return new Layer(gzip, "sha256:" + Sha256Hex.of(gzip), gzip.length, "sha256:" + Sha256Hex.of(uncompressed));
        }
    }

    public static TinyImage of(Layer layer, Instant created, String createdBy) {
        byte[] config = config(layer, created, createdBy);
        String configDigest = "sha256:" + Sha256Hex.of(config);
        byte[] manifest = manifest(configDigest, config.length, layer);
        return new TinyImage(config, configDigest, manifest, "sha256:" + Sha256Hex.of(manifest));
    }

    private static byte[] config(Layer layer, Instant created, String createdBy) {
        ObjectNode config = JSON.createObjectNode();
        config.put("architecture", "amd64");
        config.put("os", "linux");
        config.put("created", created.toString());
        config.putObject("config");
        ObjectNode rootfs = config.putObject("rootfs");
        rootfs.put("type", "layers");
        rootfs.putArray("diff_ids").add(layer.diffId());
        ObjectNode history = config.putArray("history").addObject();
        history.put("created", created.toString());
        history.put("created_by", createdBy);
        return bytes(config);
    }

    private static byte[] manifest(String configDigest, long configSize, Layer layer) {
        ObjectNode manifest = JSON.createObjectNode();
        manifest.put("schemaVersion", 2);
        manifest.put("mediaType", ManifestMediaTypes.DOCKER_MANIFEST);
        ObjectNode config = manifest.putObject("config");
        config.put("mediaType", CONFIG_TYPE);
        config.put("size", configSize);
        config.put("digest", configDigest);
        ObjectNode entry = manifest.putArray("layers").addObject();
        entry.put("mediaType", LAYER_TYPE);
        entry.put("size", layer.size());
        entry.put("digest", layer.digest());
        return bytes(manifest);
    }

    private static byte[] bytes(ObjectNode node) {
        try {
            return JSON.writeValueAsBytes(node);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static byte[] gzip(byte[] content) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gzip = new GZIPOutputStream(out)) {
            gzip.write(content);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }
}
