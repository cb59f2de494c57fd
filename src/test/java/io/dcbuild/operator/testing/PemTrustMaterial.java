package io.dcbuild.operator.testing;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.util.Collection;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;

/**
 * Trust managers and SSL contexts that trust exactly the CA certificates in a PEM text, and nothing else (not the
 * JVM's default CAs). Building them changes no global state.
 */
public final class PemTrustMaterial {

    private PemTrustMaterial() {
    }

    /** PKIX trust managers whose only trust anchors are the certificates in {@code pem}. */
    public static TrustManager[] trustManagersFromPem(String pem) {
        try {
            Collection<? extends Certificate> certificates = CertificateFactory.getInstance("X.509")
                    .generateCertificates(new ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII)));
            if (certificates.isEmpty()) {
                throw new IllegalArgumentException("no certificate in PEM");
            }
            KeyStore anchors = KeyStore.getInstance("PKCS12");
            anchors.load(null, null);
            int index = 0;
            for (Certificate certificate : certificates) {
                anchors.setCertificateEntry("ca-" + index++, certificate);
            }
            TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            factory.init(anchors);
            return factory.getTrustManagers();
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalArgumentException("cannot build trust managers from PEM", e);
        }
    }

    /** A TLS context for clients that trust only the CA certificates in {@code pem}. */
    public static SSLContext sslContextFromPem(String pem) {
        try {
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, trustManagersFromPem(pem), null);
            return context;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot build TLS context", e);
        }
    }
}
