package io.dcbuild.operator.egress;

import java.io.IOException;
import java.io.InputStream;
import java.net.Proxy;
import java.net.URISyntaxException;
import java.net.URL;
import java.security.GeneralSecurityException;
import java.util.function.UnaryOperator;
import javax.net.ssl.TrustManager;
import org.eclipse.jgit.api.TransportConfigCallback;
import org.eclipse.jgit.transport.TransportHttp;
import org.eclipse.jgit.transport.http.HttpConnection;
import org.eclipse.jgit.transport.http.JDKHttpConnection;
import org.eclipse.jgit.transport.http.JDKHttpConnectionFactory;

/**
 * JGit HTTP connections of one build: through the policy's proxy and trusting its CA, for this transport only
 * (no JVM-wide proxy selector, no global trust change, never sslVerify=false).
 */
public final class EgressGitConnections extends JDKHttpConnectionFactory {

    private final EgressSettings settings;
    private final TrustManager[] trustManagers;
    private final UnaryOperator<InputStream> responseBodies;

    private EgressGitConnections(EgressSettings settings, UnaryOperator<InputStream> responseBodies) {
        this.settings = settings;
        this.responseBodies = responseBodies;
        try {
            this.trustManagers = settings.caBundlePem().isPresent()
                    ? TrustedCertificates.trustManagers(settings.caBundlePem().get()) : null;
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("the CA bundle cannot be used: " + e.getMessage(), e);
        }
    }

    /** The callback to set on every JGit transport command of a build. */
    public static TransportConfigCallback transportConfig(EgressSettings settings) {
        return transportConfig(settings, UnaryOperator.identity());
    }

    /**
     * As {@link #transportConfig(EgressSettings)}, and every response body the transport reads goes through
     * {@code responseBodies} (for example to count the bytes a fetch receives).
     */
    public static TransportConfigCallback transportConfig(EgressSettings settings,
            UnaryOperator<InputStream> responseBodies) {
        EgressGitConnections connections = new EgressGitConnections(settings, responseBodies);
        return transport -> {
            if (transport instanceof TransportHttp http) {
                http.setHttpConnectionFactory(connections);
            }
        };
    }

    @Override
    public HttpConnection create(URL url) throws IOException {
        return create(url, null);
    }

    @Override
    public HttpConnection create(URL url, Proxy ignoredJvmProxy) throws IOException {
        Proxy proxy;
        try {
            proxy = settings.proxyFor(url.toURI());
        } catch (URISyntaxException e) {
            throw new IOException("invalid git URL " + url, e);
        }
        EgressConnection connection = new EgressConnection(url, proxy, responseBodies);
        if (trustManagers != null && "https".equalsIgnoreCase(url.getProtocol())) {
            try {
                connection.configure(null, trustManagers, null);
            } catch (GeneralSecurityException e) {
                throw new IOException("cannot trust the policy's CA bundle for " + url.getHost(), e);
            }
        }
        return connection;
    }

    /** JGit's JDK connection, opened through the chosen proxy; its response body read through a filter. */
    private static final class EgressConnection extends JDKHttpConnection {
        private final UnaryOperator<InputStream> responseBodies;
        private InputStream body;

        EgressConnection(URL url, Proxy proxy, UnaryOperator<InputStream> responseBodies) throws IOException {
            super(url, proxy);
            this.responseBodies = responseBodies;
        }

        @Override
        public InputStream getInputStream() throws IOException {
            if (body == null) {
                body = responseBodies.apply(super.getInputStream());
            }
            return body;
        }
    }
}
