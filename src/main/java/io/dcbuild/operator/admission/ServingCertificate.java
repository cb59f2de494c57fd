package io.dcbuild.operator.admission;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.List;

/**
 * What the webhook serves with: its certificate (PEM), its private key (PEM, PKCS#8) and the CA bundle (PEM, one or
 * more certificates) that the API server must trust. Its {@link #toString()} never shows the key.
 */
public record ServingCertificate(String certificatePem, String privateKeyPem, String caBundlePem) {

    /** The serving certificate itself (the first of {@link #certificatePem()}). */
    public X509Certificate certificate() {
        return certificates(certificatePem).get(0);
    }

    /** When the serving certificate expires. */
    public Instant notAfter() {
        return certificate().getNotAfter().toInstant();
    }

    static List<X509Certificate> certificates(String pem) {
        try {
            return CertificateFactory.getInstance("X.509")
                    .generateCertificates(new ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII))).stream()
                    .map(X509Certificate.class::cast).toList();
        } catch (CertificateException e) {
            throw new IllegalArgumentException("not PEM certificates: " + e.getMessage(), e);
        }
    }

    @Override
    public String toString() {
        return "ServingCertificate[" + certificate().getSubjectX500Principal() + ", until " + notAfter() + "]";
    }
}
