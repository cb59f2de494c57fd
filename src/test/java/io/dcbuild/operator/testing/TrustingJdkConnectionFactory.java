package io.dcbuild.operator.testing;

import java.io.IOException;
import java.net.Proxy;
import java.net.URL;
import java.security.GeneralSecurityException;
import javax.net.ssl.TrustManager;
import org.eclipse.jgit.transport.TransportHttp;
import org.eclipse.jgit.transport.http.HttpConnection;
import org.eclipse.jgit.transport.http.HttpConnectionFactory;
import org.eclipse.jgit.transport.http.JDKHttpConnection;

/**
 * JGit {@link HttpConnectionFactory} whose https connections trust only the CA certificates of one PEM text:
 * reference for trusting a private CA per transport, without touching JVM-wide trust and without
 * {@code http.sslVerify=false}.
 *
 * <p>Install it on one transport with {@link TransportHttp#setHttpConnectionFactory} from a
 * {@code TransportConfigCallback}. Each connection is a {@link JDKHttpConnection} (created through an anonymous
 * subclass because its URL constructors are protected) on which {@link JDKHttpConnection#configure} installs an
 * SSL socket factory built from these trust managers; host name verification stays the JDK default. It
 * deliberately does not implement {@code HttpConnectionFactory2}, so {@link TransportHttp} opens no
 * {@code GitSession} that could reconfigure TLS.
 */
public final class TrustingJdkConnectionFactory implements HttpConnectionFactory {

    private final TrustManager[] trustManagers;

    public TrustingJdkConnectionFactory(String caCertificatesPem) {
        this.trustManagers = PemTrustMaterial.trustManagersFromPem(caCertificatesPem);
    }

    @Override
    public HttpConnection create(URL url) throws IOException {
        return trusting(new JDKHttpConnection(url) {
        });
    }

    @Override
    public HttpConnection create(URL url, Proxy proxy) throws IOException {
        return trusting(new JDKHttpConnection(url, proxy) {
        });
    }

    private HttpConnection trusting(JDKHttpConnection connection) throws IOException {
        if (!"https".equals(connection.getURL().getProtocol())) {
            return connection;
        }
        try {
            connection.configure(null, trustManagers, null);
        } catch (GeneralSecurityException e) {
            throw new IOException("cannot configure TLS trust for " + connection.getURL(), e);
        }
        return connection;
    }
}
