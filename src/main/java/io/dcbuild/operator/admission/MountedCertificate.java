package io.dcbuild.operator.admission;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * The serving certificate from mounted files ({@code tls.crt}, {@code tls.key}, and {@code ca.crt} if there): the
 * Secret cert-manager writes and renews, mounted into the pod. Read at each check; the kubelet replaces the files
 * when the Secret changes.
 */
public final class MountedCertificate {

    private final Path dir;

    public MountedCertificate(Path dir) {
        this.dir = dir;
    }

    public ServingCertificate current() {
        try {
            Path ca = dir.resolve("ca.crt");
            ServingCertificate read = new ServingCertificate(Files.readString(dir.resolve("tls.crt")),
                    Files.readString(dir.resolve("tls.key")), Files.exists(ca) ? Files.readString(ca) : "");
            read.certificate(); // readable, or an error that names the file
            return read;
        } catch (NoSuchFileException e) {
            throw new IllegalStateException("the webhook's certificate is not mounted: no " + e.getFile()
                    + " (webhook.certificates: cert-manager mounts the Certificate's Secret there)", e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the webhook's certificate in " + dir, e);
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException(dir.resolve("tls.crt") + " holds no certificate: " + e.getMessage(), e);
        }
    }
}
