package io.dcbuild.operator.image;

import com.google.cloud.tools.jib.api.ImageReference;
import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * Whether the base image's registry host has an address, asked before Jib starts: Jib retries a host it cannot
 * resolve for about a minute, in silence, before it fails; a machine without a network or a misspelt registry is
 * told at once. Skipped when Java is told to use an HTTP proxy ({@code https.proxyHost}, e.g. through
 * {@code JAVA_TOOL_OPTIONS}), which may resolve names this machine cannot.
 */
final class RegistryHostLookup {

    private RegistryHostLookup() {
    }

    static void requireResolvable(ImageReference base, String baseName) {
        if (System.getProperty("https.proxyHost") != null || System.getProperty("http.proxyHost") != null) {
            return;
        }
        String registry = base.getRegistry();
        String host = registry.startsWith("[") ? registry.substring(1, registry.indexOf(']'))
                : registry.replaceFirst(":\\d+$", "");
        try {
            InetAddress.getByName(host);
        } catch (UnknownHostException e) {
            throw new ImageBuildException("The base image " + baseName + " cannot be pulled (its registry " + host
                    + " has no address here): " + BuildFailure.SET_BASE_IMAGE, e);
        }
    }
}
