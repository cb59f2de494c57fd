package io.dcbuild.operator.registry;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * A manifest as served by a registry: the raw bytes (whose sha256 is the digest) and what was parsed from them.
 *
 * @param bytes     the body exactly as received; do not modify
 * @param mediaType the media type from {@code Content-Type}, or from the body's {@code mediaType} when the header
 *                  is generic or missing
 * @param digest    {@code Docker-Content-Digest}, or the sha256 of {@code bytes} when the header is missing
 * @param kind      image manifest, index / manifest list, or something else (e.g. schema 1)
 * @param config    the config blob of an image manifest; null otherwise
 * @param layers    the layer blobs of an image manifest; empty otherwise
 * @param manifests the entries of an index / manifest list; empty otherwise
 */
public record Manifest(byte[] bytes, String mediaType, String digest, Kind kind, BlobDescriptor config,
        List<BlobDescriptor> layers, List<ManifestDescriptor> manifests) {

    private static final ObjectMapper JSON = new ObjectMapper();

    public enum Kind {
        IMAGE,
        INDEX,
        OTHER
    }

    public Manifest {
        layers = List.copyOf(layers);
        manifests = List.copyOf(manifests);
    }

    public boolean isIndex() {
        return kind == Kind.INDEX;
    }

    public boolean isImage() {
        return kind == Kind.IMAGE;
    }

    /**
     * Parses manifest bytes.
     *
     * @param contentType the response's {@code Content-Type}, may be null
     * @param digest      the digest to record (already known to match the bytes)
     * @throws IllegalArgumentException if the bytes are not a JSON object
     */
    static Manifest parse(byte[] bytes, String contentType, String digest) {
        JsonNode root;
        try {
            root = JSON.readTree(bytes);
        } catch (IOException e) {
            throw new IllegalArgumentException("manifest " + digest + " is not valid JSON", e);
        }
        if (root == null || !root.isObject()) {
            throw new IllegalArgumentException("manifest " + digest + " is not a JSON object");
        }
        String mediaType = mediaTypeOf(root, ManifestMediaTypes.withoutParameters(contentType));
        Kind kind = kindOf(root, mediaType);
        BlobDescriptor config = kind == Kind.IMAGE ? blob(root.get("config")) : null;
        List<BlobDescriptor> layers = new ArrayList<>();
        List<ManifestDescriptor> manifests = new ArrayList<>();
        if (kind == Kind.IMAGE) {
            for (JsonNode layer : root.path("layers")) {
                layers.add(blob(layer));
            }
        } else if (kind == Kind.INDEX) {
            for (JsonNode entry : root.path("manifests")) {
                manifests.add(new ManifestDescriptor(entry.path("digest").asText(null),
                        entry.path("mediaType").asText(null), entry.path("size").asLong(-1)));
            }
        }
        return new Manifest(bytes, mediaType, digest, kind, config, layers, manifests);
    }

    private static String mediaTypeOf(JsonNode root, String headerType) {
        boolean headerIsSpecific = headerType != null && !headerType.equals("application/json")
                && !headerType.equals("text/plain") && !headerType.equals("application/octet-stream");
        if (headerIsSpecific) {
            return headerType;
        }
        String bodyType = root.path("mediaType").asText(null);
        if (bodyType != null) {
            return bodyType;
        }
        // OCI allows omitting mediaType in the body; infer from the shape
        if (root.has("manifests")) {
            return ManifestMediaTypes.OCI_INDEX;
        }
        if (root.has("config") && root.has("layers")) {
            return ManifestMediaTypes.OCI_MANIFEST;
        }
        return headerType;
    }

    private static Kind kindOf(JsonNode root, String mediaType) {
        if (ManifestMediaTypes.isIndex(mediaType)) {
            return Kind.INDEX;
        }
        if (ManifestMediaTypes.isImageManifest(mediaType) && root.path("config").isObject()) {
            return Kind.IMAGE;
        }
        return Kind.OTHER;
    }

    private static BlobDescriptor blob(JsonNode node) {
        if (node == null || !node.isObject()) {
            return null;
        }
        return new BlobDescriptor(node.path("mediaType").asText(null), node.path("digest").asText(null),
                node.path("size").asLong(-1));
    }

    @Override
    public String toString() {
        return "Manifest[" + digest + ", " + mediaType + ", " + kind + ", " + bytes.length + " bytes]";
    }
}
