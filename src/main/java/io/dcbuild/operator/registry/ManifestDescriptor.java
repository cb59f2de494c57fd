package io.dcbuild.operator.registry;

/**
 * What a registry says about a manifest without its body, or one entry of an index.
 *
 * @param digest    {@code sha256:<hex>}
 * @param mediaType the manifest media type
 * @param size      bytes, or -1 when the registry did not say
 */
public record ManifestDescriptor(String digest, String mediaType, long size) {
}
