package io.dcbuild.operator.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.util.Base64;
import java.util.HexFormat;
import org.eclipse.jgit.util.FileUtils;

/**
 * A throwaway certificate authority for TLS tests, made offline with the JDK's {@code keytool}: a self-signed CA
 * (EC P-256, valid from yesterday for two days) and a server certificate it signed for {@code 127.0.0.1} and
 * {@code localhost} (subjectAltName {@code IP:127.0.0.1, DNS:localhost}, extendedKeyUsage serverAuth).
 *
 * <p>The server key and its chain (server, CA) sit in a PKCS12 key store for TLS servers such as
 * {@link GitHttpServer.Builder#https}; clients get the CA certificate as PEM. Nothing is added to the JVM's trust.
 * Creating one takes a few seconds (four keytool runs), so share an instance across the tests of a class.
 */
public final class TestCertificateAuthority implements AutoCloseable {

    static final String SERVER_ALIAS = "server";

    private static final String CA_ALIAS = "ca";
    private static final String VALID_FROM = "-1d";
    private static final String VALID_DAYS = "2";

    private final Path dir;
    private final String password;
    private final String caCertificatePem;

    private TestCertificateAuthority(Path dir, String password) throws IOException, GeneralSecurityException {
        this.dir = dir;
        this.password = password;
        Keytool keytool = new Keytool(dir);
        keytool.run("-genkeypair", "-alias", CA_ALIAS, "-keyalg", "EC", "-groupname", "secp256r1",
                "-dname", "CN=dcbuild test CA", "-ext", "bc:c=ca:true", "-ext", "ku:c=keyCertSign,cRLSign",
                "-startdate", VALID_FROM, "-validity", VALID_DAYS,
                "-keystore", "ca.p12", "-storetype", "PKCS12", "-storepass", password);
        keytool.run("-genkeypair", "-alias", SERVER_ALIAS, "-keyalg", "EC", "-groupname", "secp256r1",
                "-dname", "CN=127.0.0.1", "-startdate", VALID_FROM, "-validity", VALID_DAYS,
                "-keystore", "server.p12", "-storetype", "PKCS12", "-storepass", password);
        keytool.run("-certreq", "-alias", SERVER_ALIAS, "-file", "server.csr",
                "-keystore", "server.p12", "-storepass", password);
        keytool.run("-gencert", "-alias", CA_ALIAS, "-infile", "server.csr", "-outfile", "server.crt",
                "-ext", "san=ip:127.0.0.1,dns:localhost", "-ext", "ku:c=digitalSignature", "-ext", "eku=serverAuth",
                "-startdate", VALID_FROM, "-validity", VALID_DAYS,
                "-keystore", "ca.p12", "-storepass", password);

        Certificate caCertificate = load("ca.p12").getCertificate(CA_ALIAS);
        installSignedChain(caCertificate);
        this.caCertificatePem = pem(caCertificate);
    }

    /** Creates a new CA and server certificate in a fresh temporary directory. */
    public static TestCertificateAuthority create() {
        Path dir;
        try {
            dir = Files.createTempDirectory("test-ca");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        try {
            return new TestCertificateAuthority(dir, randomPassword());
        } catch (IOException | GeneralSecurityException e) {
            deleteQuietly(dir, e);
            throw new IllegalStateException("cannot create test certificate authority", e);
        } catch (RuntimeException e) {
            deleteQuietly(dir, e);
            throw e;
        }
    }

    /** The CA certificate, PEM encoded ({@code -----BEGIN CERTIFICATE-----}), for clients that should trust it. */
    public String caCertificatePem() {
        return caCertificatePem;
    }

    /** PKCS12 key store with the server's private key (alias {@code server}) and its chain: server, CA. */
    public Path serverKeyStore() {
        return dir.resolve("server.p12");
    }

    /** Password of {@link #serverKeyStore()} and of the key in it. */
    public String serverKeyStorePassword() {
        return password;
    }

    @Override
    public void close() {
        try {
            deleteDirectory(dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Replaces the server's self-signed certificate with the CA-signed one, chained to the CA. */
    private void installSignedChain(Certificate caCertificate) throws IOException, GeneralSecurityException {
        Certificate serverCertificate;
        try (InputStream in = Files.newInputStream(dir.resolve("server.crt"))) {
            serverCertificate = CertificateFactory.getInstance("X.509").generateCertificate(in);
        }
        KeyStore serverStore = load("server.p12");
        Key serverKey = serverStore.getKey(SERVER_ALIAS, password.toCharArray());
        serverStore.setKeyEntry(SERVER_ALIAS, serverKey, password.toCharArray(),
                new Certificate[] {serverCertificate, caCertificate});
        try (OutputStream out = Files.newOutputStream(serverKeyStore())) {
            serverStore.store(out, password.toCharArray());
        }
    }

    private KeyStore load(String fileName) throws IOException, GeneralSecurityException {
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(dir.resolve(fileName))) {
            store.load(in, password.toCharArray());
        }
        return store;
    }

    private static String pem(Certificate certificate) throws GeneralSecurityException {
        String base64 = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                .encodeToString(certificate.getEncoded());
        return "-----BEGIN CERTIFICATE-----\n" + base64 + "\n-----END CERTIFICATE-----\n";
    }

    private static String randomPassword() {
        byte[] secret = new byte[16];
        new SecureRandom().nextBytes(secret);
        return HexFormat.of().formatHex(secret);
    }

    private static void deleteQuietly(Path dir, Exception failure) {
        try {
            deleteDirectory(dir);
        } catch (IOException e) {
            failure.addSuppressed(e);
        }
    }

    private static void deleteDirectory(Path dir) throws IOException {
        FileUtils.delete(dir.toFile(), FileUtils.RECURSIVE | FileUtils.RETRY | FileUtils.SKIP_MISSING);
    }
}
