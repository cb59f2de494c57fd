package io.dcbuild.operator.registry;

import java.util.List;
import java.util.Locale;

/** The registry hosts an operator is configured to reach over plain http (local registries only). */
public final class PlainHttpRegistries {

    private final List<String> hosts;

    public PlainHttpRegistries(List<String> hosts) {
        this.hosts = hosts.stream().map(h -> h.toLowerCase(Locale.ROOT)).toList();
    }

    /** Whether the registry of a repository or image reference (host[:port]/path...) is reached over http. */
    public boolean isPlainHttp(String reference) {
        String host = reference.split("/", 2)[0];
        int colon = host.lastIndexOf(':');
        String bareHost = colon > 0 ? host.substring(0, colon) : host;
        return hosts.contains(bareHost.toLowerCase(Locale.ROOT));
    }
}
