package io.dcbuild.operator.admission;

import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.regex.Pattern;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * A certificate authority of the operator's own (EC P-256, BouncyCastle), made for the webhook alone: its CA
 * certificate goes into the webhook configuration's caBundle, and it signs the serving certificate for the names the
 * API server calls (the Service's DNS names, and any extra name or IP address). Nothing else trusts it.
 *
 * @param certificate the CA certificate
 * @param key         its private key
 */
public record SelfSignedAuthority(X509Certificate certificate, PrivateKey key) {

    private static final Pattern IP_ADDRESS = Pattern.compile("^[0-9.]+$|^[0-9a-fA-F:]*:[0-9a-fA-F:.]*$");
    private static final SecureRandom RANDOM = new SecureRandom();
    /** Certificates are valid from a little before they are made: clocks of the API server may be behind. */
    private static final Duration BACKDATE = Duration.ofHours(1);

    /** A new CA, {@code CN=<commonName>}, valid for {@code validity} from now. */
    public static SelfSignedAuthority create(String commonName, Duration validity, Clock clock) {
        try {
            KeyPair keys = keyPair();
            X500Name name = new X500Name("CN=" + commonName);
            Instant now = clock.instant();
            JcaX509ExtensionUtils extensions = new JcaX509ExtensionUtils();
            X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(name, serial(),
                    Date.from(now.minus(BACKDATE)), Date.from(now.plus(validity)), name, keys.getPublic())
                    .addExtension(Extension.basicConstraints, true, new BasicConstraints(0))
                    .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign))
                    .addExtension(Extension.subjectKeyIdentifier, false,
                            extensions.createSubjectKeyIdentifier(keys.getPublic()));
            return new SelfSignedAuthority(sign(builder, keys.getPrivate()), keys.getPrivate());
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException("cannot create the webhook's CA: " + e.getMessage(), e);
        }
    }

    /** The CA as stored: its certificate and its key, PEM. */
    public static SelfSignedAuthority fromPem(String certificatePem, String keyPem) {
        return new SelfSignedAuthority(ServingCertificate.certificates(certificatePem).get(0), privateKey(keyPem));
    }

    /**
     * A serving certificate for {@code names} (DNS names; IP addresses become IP SANs), the first name its common
     * name, valid for {@code validity} from now and never beyond the CA.
     */
    public ServingCertificate issue(List<String> names, Duration validity, Clock clock) {
        try {
            KeyPair keys = keyPair();
            Instant now = clock.instant();
            Instant until = now.plus(validity);
            if (until.isAfter(certificate.getNotAfter().toInstant())) {
                until = certificate.getNotAfter().toInstant();
            }
            JcaX509ExtensionUtils extensions = new JcaX509ExtensionUtils();
            GeneralName[] alternatives = names.stream().map(n -> new GeneralName(isIpAddress(n)
                    ? GeneralName.iPAddress : GeneralName.dNSName, n)).toArray(GeneralName[]::new);
            X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(certificate, serial(),
                    Date.from(now.minus(BACKDATE)), Date.from(until), new X500Name("CN=" + names.get(0)),
                    keys.getPublic())
                    .addExtension(Extension.basicConstraints, true, new BasicConstraints(false))
                    .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature))
                    .addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_serverAuth))
                    .addExtension(Extension.subjectAlternativeName, false, new GeneralNames(alternatives))
                    .addExtension(Extension.authorityKeyIdentifier, false,
                            extensions.createAuthorityKeyIdentifier(certificate));
            X509Certificate serving = sign(builder, key);
            return new ServingCertificate(pem(serving), pem(keys.getPrivate()), pem(certificate));
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException("cannot issue the webhook's serving certificate: " + e.getMessage(), e);
        }
    }

    /** The CA's certificate, PEM. */
    public String certificatePem() {
        return pem(certificate);
    }

    /** The CA's key, PEM (PKCS#8). */
    public String keyPem() {
        return pem(key);
    }

    @Override
    public String toString() {
        return "SelfSignedAuthority[" + certificate.getSubjectX500Principal() + ", until " + certificate.getNotAfter()
                + "]";
    }

    /** PEM of a certificate, or of a private key as PKCS#8 ("PRIVATE KEY", which every TLS stack reads). */
    static String pem(Object object) {
        if (object instanceof PrivateKey key) {
            return "-----BEGIN PRIVATE KEY-----\n" + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                    .encodeToString(key.getEncoded()) + "\n-----END PRIVATE KEY-----\n";
        }
        StringWriter out = new StringWriter();
        try (JcaPEMWriter writer = new JcaPEMWriter(out)) {
            writer.writeObject(object);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }

    private static PrivateKey privateKey(String pem) {
        try (PEMParser parser = new PEMParser(new StringReader(pem))) {
            Object read = parser.readObject();
            JcaPEMKeyConverter converter = new JcaPEMKeyConverter();
            if (read instanceof PrivateKeyInfo info) {
                return converter.getPrivateKey(info);
            }
            if (read instanceof PEMKeyPair pair) {
                return converter.getPrivateKey(pair.getPrivateKeyInfo());
            }
            throw new IllegalArgumentException("not a PEM private key");
        } catch (IOException e) {
            throw new IllegalArgumentException("not a PEM private key: " + e.getMessage(), e);
        }
    }

    private static KeyPair keyPair() throws GeneralSecurityException {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"), RANDOM);
        return generator.generateKeyPair();
    }

    private static BigInteger serial() {
        return new BigInteger(127, RANDOM).add(BigInteger.ONE);
    }

    private static X509Certificate sign(X509v3CertificateBuilder builder, PrivateKey signer)
            throws GeneralSecurityException {
        try {
            return new JcaX509CertificateConverter().getCertificate(builder.build(
                    new JcaContentSignerBuilder("SHA256withECDSA").build(signer)));
        } catch (OperatorCreationException e) {
            throw new GeneralSecurityException(e.getMessage(), e);
        }
    }

    /** Whether {@code name} is written as an IP address (it becomes an IP SAN). */
    static boolean isIpAddress(String name) {
        if (!IP_ADDRESS.matcher(name).matches()) {
            return false;
        }
        try {
            InetAddress.getByName(name);
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
