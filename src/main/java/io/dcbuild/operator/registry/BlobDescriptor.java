package io.dcbuild.operator.registry;

/**
 * A config or layer blob referenced by an image manifest.
 *
 * @param mediaType the blob media type as written in the manifest
 * @param digest    {@code sha256:<hex>}
 * @param size      bytes
 */
public record BlobDescriptor(String mediaType, String digest, long size) {
}
