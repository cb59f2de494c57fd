package io.dcbuild.operator.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.List;
import org.junit.jupiter.api.Test;

class TestCertificateAuthorityTest {

    private static final int SAN_DNS = 2;
    private static final int SAN_IP = 7;

    @Test
    void issuesALoopbackServerCertificateSignedByTheCa() throws Exception {
        try (TestCertificateAuthority ca = TestCertificateAuthority.create()) {
            assertThat(ca.caCertificatePem()).startsWith("-----BEGIN CERTIFICATE-----\n")
                    .endsWith("-----END CERTIFICATE-----\n");
            X509Certificate caCertificate = (X509Certificate) CertificateFactory.getInstance("X.509")
                    .generateCertificate(new ByteArrayInputStream(
                            ca.caCertificatePem().getBytes(StandardCharsets.US_ASCII)));
            assertThat(caCertificate.getBasicConstraints()).as("is a CA").isGreaterThanOrEqualTo(0);

            KeyStore serverStore = KeyStore.getInstance("PKCS12");
            try (InputStream in = Files.newInputStream(ca.serverKeyStore())) {
                serverStore.load(in, ca.serverKeyStorePassword().toCharArray());
            }
            assertThat(serverStore.getKey(TestCertificateAuthority.SERVER_ALIAS,
                    ca.serverKeyStorePassword().toCharArray())).isInstanceOf(PrivateKey.class);
            Certificate[] chain = serverStore.getCertificateChain(TestCertificateAuthority.SERVER_ALIAS);
            assertThat(chain).hasSize(2);
            assertThat(chain[1]).isEqualTo(caCertificate);

            X509Certificate server = (X509Certificate) chain[0];
            server.verify(caCertificate.getPublicKey());
            server.checkValidity();
            assertThat(server.getIssuerX500Principal()).isEqualTo(caCertificate.getSubjectX500Principal());
            assertThat(server.getSubjectAlternativeNames()).containsExactlyInAnyOrder(
                    List.of(SAN_IP, "127.0.0.1"), List.of(SAN_DNS, "localhost"));
            assertThat(server.getExtendedKeyUsage()).containsExactly("1.3.6.1.5.5.7.3.1");
        }
    }
}
