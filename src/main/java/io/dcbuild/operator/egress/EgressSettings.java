package io.dcbuild.operator.egress;

import io.dcbuild.operator.api.v1alpha1.ProxySpec;
import java.net.InetSocketAddress;
import java.net.Proxy;
import java.net.URI;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * How the operator reaches git servers and registries on behalf of a build: through the policy's proxy (unless
 * NO_PROXY names the host) and trusting the policy's CA bundle in addition to the JVM's roots.
 */
public record EgressSettings(Optional<URI> httpProxy, Optional<URI> httpsProxy, List<String> noProxy,
        Optional<String> caBundlePem) {

    public static EgressSettings direct() {
        return new EgressSettings(Optional.empty(), Optional.empty(), List.of(), Optional.empty());
    }

    public static EgressSettings of(Optional<ProxySpec> proxy, Optional<String> caBundlePem) {
        return new EgressSettings(
                proxy.map(ProxySpec::getHttpProxy).filter(s -> !s.isBlank()).map(URI::create),
                proxy.map(ProxySpec::getHttpsProxy).filter(s -> !s.isBlank()).map(URI::create),
                proxy.map(ProxySpec::getNoProxy).map(list -> Arrays.stream(list.split(","))
                        .map(String::strip).filter(s -> !s.isEmpty()).map(s -> s.toLowerCase(Locale.ROOT)).toList())
                        .orElse(List.of()),
                caBundlePem);
    }

    /** The proxy for a URL, following HTTP(S)_PROXY and NO_PROXY conventions. */
    public Proxy proxyFor(URI target) {
        String scheme = target.getScheme() == null ? "https" : target.getScheme().toLowerCase(Locale.ROOT);
        Optional<URI> proxy = scheme.equals("http") ? httpProxy : httpsProxy.or(() -> httpProxy);
        if (proxy.isEmpty() || bypasses(target.getHost())) {
            return Proxy.NO_PROXY;
        }
        URI p = proxy.get();
        int port = p.getPort() > 0 ? p.getPort() : ("https".equals(p.getScheme()) ? 443 : 80);
        return new Proxy(Proxy.Type.HTTP, InetSocketAddress.createUnresolved(p.getHost(), port));
    }

    boolean bypasses(String host) {
        if (host == null) {
            return true;
        }
        String h = host.toLowerCase(Locale.ROOT);
        for (String entry : noProxy) {
            if (entry.equals("*") || h.equals(entry) || (entry.startsWith(".") && h.endsWith(entry))
                    || h.endsWith("." + entry)) {
                return true;
            }
        }
        return false;
    }

    @Override
    public String toString() {
        return "EgressSettings[httpProxy=" + httpProxy.orElse(null) + ", httpsProxy=" + httpsProxy.orElse(null)
                + ", noProxy=" + noProxy + ", caBundle=" + caBundlePem.isPresent() + "]";
    }
}
