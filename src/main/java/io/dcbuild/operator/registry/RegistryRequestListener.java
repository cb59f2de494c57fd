package io.dcbuild.operator.registry;

import java.net.URI;

/**
 * Told about every HTTP request a {@link DistributionClient} sends to a registry or its token endpoint, just before
 * it goes out (also when it then fails to connect). For counting and test hooks; it must be quick and must not
 * call the client back. An exception it throws propagates to the caller of the client, unchanged.
 */
@FunctionalInterface
public interface RegistryRequestListener {

    /** Listens to nothing. */
    RegistryRequestListener NONE = (method, uri) -> {
    };

    /**
     * @param method {@code GET}, {@code HEAD}, {@code PUT}, {@code DELETE}, ...
     * @param uri    the request URI (never carries credentials)
     */
    void requestSending(String method, URI uri);
}
