package io.dcbuild.operator.egress;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.Collection;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;

/** An SSLContext trusting the JVM's roots plus the certificates of a PEM bundle. */
public final class TrustedCertificates {

    private TrustedCertificates() {
    }

    public static SSLContext sslContext(String pemBundle) {
        try {
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, trustManagers(pemBundle), null);
            return context;
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("the CA bundle cannot be used: " + e.getMessage(), e);
        }
    }

    /**
     * The certificates of a PEM bundle.
     *
     * @throws GeneralSecurityException when the bundle holds none, or a block between the PEM markers is not an
     *                                  X.509 certificate
     */
    public static Collection<? extends Certificate> certificatesOf(String pemBundle) throws GeneralSecurityException {
        Collection<? extends Certificate> bundle = CertificateFactory.getInstance("X.509")
                .generateCertificates(new ByteArrayInputStream(pemBundle.getBytes(StandardCharsets.UTF_8)));
        if (bundle.isEmpty()) {
            throw new GeneralSecurityException("it holds no PEM certificate");
        }
        return bundle;
    }

    public static TrustManager[] trustManagers(String pemBundle) throws GeneralSecurityException {
        KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
        try {
            store.load(null, null);
        } catch (java.io.IOException e) {
            throw new GeneralSecurityException(e);
        }
        TrustManagerFactory defaults = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        defaults.init((KeyStore) null);
        int index = 0;
        for (TrustManager manager : defaults.getTrustManagers()) {
            if (manager instanceof X509TrustManager x509) {
                for (X509Certificate root : x509.getAcceptedIssuers()) {
                    store.setCertificateEntry("jvm-" + index++, root);
                }
            }
        }
        for (Certificate certificate : certificatesOf(pemBundle)) {
            store.setCertificateEntry("policy-" + index++, certificate);
        }
        TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        factory.init(store);
        return factory.getTrustManagers();
    }
}
