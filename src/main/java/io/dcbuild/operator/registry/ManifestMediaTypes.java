package io.dcbuild.operator.registry;

import java.util.List;
import java.util.Locale;

/** The manifest media types this client asks for and recognises. */
public final class ManifestMediaTypes {

    public static final String OCI_MANIFEST = "application/vnd.oci.image.manifest.v1+json";
    public static final String OCI_INDEX = "application/vnd.oci.image.index.v1+json";
    public static final String DOCKER_MANIFEST = "application/vnd.docker.distribution.manifest.v2+json";
    public static final String DOCKER_MANIFEST_LIST = "application/vnd.docker.distribution.manifest.list.v2+json";

    /** Sent as {@code Accept} on every manifest request. */
    public static final List<String> ACCEPTED = List.of(OCI_MANIFEST, OCI_INDEX, DOCKER_MANIFEST, DOCKER_MANIFEST_LIST);

    static final String ACCEPT_HEADER = String.join(", ", ACCEPTED);

    private ManifestMediaTypes() {
    }

    public static boolean isImageManifest(String mediaType) {
        return OCI_MANIFEST.equals(mediaType) || DOCKER_MANIFEST.equals(mediaType);
    }

    public static boolean isIndex(String mediaType) {
        return OCI_INDEX.equals(mediaType) || DOCKER_MANIFEST_LIST.equals(mediaType);
    }

    /** {@code Content-Type} without parameters, lowercase; null when absent. */
    static String withoutParameters(String contentType) {
        if (contentType == null) {
            return null;
        }
        int semicolon = contentType.indexOf(';');
        String bare = semicolon >= 0 ? contentType.substring(0, semicolon) : contentType;
        bare = bare.strip().toLowerCase(Locale.ROOT);
        return bare.isEmpty() ? null : bare;
    }
}
