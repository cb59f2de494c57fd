package io.dcbuild.operator.image;

import java.util.Locale;
import java.util.Set;

/**
 * The registries an image build may reach over plain http (or https without a verified certificate): those on this
 * machine's loopback, named {@code localhost} or {@code 127.0.0.1}, with any port. Jib Core has one switch for the
 * whole build ({@code Containerizer.setAllowInsecureRegistries}), so it is turned on only when every registry the
 * build talks to is one of these.
 */
final class LoopbackRegistries {

    private static final Set<String> HOSTS = Set.of("localhost", "127.0.0.1");

    private LoopbackRegistries() {
    }

    /** Whether {@code registry} ({@code host} or {@code host:port}, as Jib's {@code ImageReference.getRegistry()}) is on loopback. */
    static boolean isLoopback(String registry) {
        String host = registry.toLowerCase(Locale.ROOT);
        int colon = host.lastIndexOf(':');
        return HOSTS.contains(colon > 0 ? host.substring(0, colon) : host);
    }
}
