package io.dcbuild.operator.registry;

import java.util.Locale;

/**
 * One name for every spelling of a repository: the registry host in lower case, loopback addresses
 * ({@code localhost}, {@code 127.0.0.1}, {@code [::1]}) as {@code localhost}, default ports ({@code :443},
 * {@code :80}) left out, Docker Hub's hosts ({@code index.docker.io}, {@code registry-1.docker.io}) as
 * {@code docker.io}. Retention compares repositories only by this name: two spellings of one repository must never
 * look like two repositories, or the marks of one would not protect the images of the other. (Equating two
 * repositories that are in fact different can only protect more, never delete more.)
 */
public final class RepositoryIdentity {

    private RepositoryIdentity() {
    }

    /** {@code host[:port]/repository} of {@code reference}'s repository, in canonical form. */
    public static String of(ImageReference reference) {
        return canonicalHost(reference.registry()) + "/" + reference.repository();
    }

    /** The canonical form of a registry host, with its port if it is not a default one. */
    public static String canonicalHost(String registry) {
        String host = registry.toLowerCase(Locale.ROOT);
        String name;
        String port;
        if (host.startsWith("[")) {
            int close = host.indexOf(']');
            name = host.substring(0, close + 1);
            port = host.substring(close + 1);
        } else {
            int colon = host.lastIndexOf(':');
            name = colon < 0 ? host : host.substring(0, colon);
            port = colon < 0 ? "" : host.substring(colon);
        }
        if (port.equals(":443") || port.equals(":80")) {
            port = "";
        }
        if (name.equals("localhost") || name.equals("[::1]") || name.startsWith("127.")) {
            name = "localhost";
        } else if (name.equals("index.docker.io") || name.equals(ImageReference.DOCKER_HUB_API_HOST)) {
            name = ImageReference.DOCKER_HUB;
        }
        return name + port;
    }
}
