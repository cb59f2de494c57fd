package io.dcbuild.operator.testing;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Proxy;
import java.net.ProxySelector;
import java.net.SocketAddress;
import java.net.URI;
import java.util.List;

/**
 * A JVM-default {@link ProxySelector} that sends the current thread's connections through a proxy chosen for that
 * thread only, and leaves every other thread to the selector that was the default before. It lets one simulated
 * Envbuilder run clone through {@code ENVBUILDER_GIT_HTTP_PROXY_URL} (JGit asks {@code ProxySelector.getDefault()}
 * on the calling thread) while the operator under test, in the same JVM, is unaffected.
 *
 * <p>Like go-git with an explicit proxy URL, loopback targets are proxied too.
 */
final class PerThreadProxySelector extends ProxySelector {

    private static PerThreadProxySelector installed;

    private final ProxySelector fallback;
    private final ThreadLocal<Proxy> current = new ThreadLocal<>();

    private PerThreadProxySelector(ProxySelector fallback) {
        this.fallback = fallback;
    }

    /** Routes this thread's HTTP(S) connections through {@code proxyUrl} until the returned scope is closed. */
    static Scope use(URI proxyUrl) {
        PerThreadProxySelector selector = install();
        int port = proxyUrl.getPort() > 0 ? proxyUrl.getPort() : 80;
        selector.current.set(new Proxy(Proxy.Type.HTTP, InetSocketAddress.createUnresolved(proxyUrl.getHost(), port)));
        return () -> selector.current.remove();
    }

    private static synchronized PerThreadProxySelector install() {
        if (installed == null) {
            installed = new PerThreadProxySelector(ProxySelector.getDefault());
            ProxySelector.setDefault(installed);
        }
        return installed;
    }

    @Override
    public List<Proxy> select(URI uri) {
        Proxy proxy = current.get();
        if (proxy != null) {
            return List.of(proxy);
        }
        return fallback == null ? List.of(Proxy.NO_PROXY) : fallback.select(uri);
    }

    @Override
    public void connectFailed(URI uri, SocketAddress address, IOException failure) {
        if (current.get() == null && fallback != null) {
            fallback.connectFailed(uri, address, failure);
        }
    }

    /** Ends the thread's proxy routing. */
    interface Scope extends AutoCloseable {
        @Override
        void close();
    }
}
