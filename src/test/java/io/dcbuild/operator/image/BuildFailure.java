package io.dcbuild.operator.image;

import com.google.cloud.tools.jib.api.ImageReference;
import com.google.cloud.tools.jib.api.RegistryException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;

/**
 * A failed Jib build told in one sentence that says what to change. Which image failed is read from what Jib says:
 * its messages name an image as {@code registry/repository} ("I/O error for image [registry-1.docker.io/library/
 * eclipse-temurin]", "Tried to pull image manifest for 127.0.0.1:5000/jre:17 but failed because: manifest
 * unknown"). A tarball build talks to one registry only, the base image's.
 */
final class BuildFailure {

    /** What to do about a base image that cannot be pulled. */
    static final String SET_BASE_IMAGE = "set BASE_IMAGE to a JRE 17 image this machine can pull, e.g. your "
            + "registry's mirror of eclipse-temurin:17-jre, with its credentials in the Docker config.";

    private static final String BECAUSE = "failed because: ";

    private BuildFailure() {
    }

    /**
     * @param failure     what {@code containerize} threw
     * @param jibErrors   the error messages Jib logged meanwhile
     * @param baseName    the base image as the user named it ({@code BASE_IMAGE})
     */
    static ImageBuildException of(Exception failure, List<String> jibErrors, String baseName, ImageReference base,
            ImageDestination destination, PackagedApp app) {
        List<String> said = new ArrayList<>(jibErrors);
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            said.add(String.valueOf(cause.getMessage()));
        }
        String reason = reason(failure);
        ImageReference target = destination.reference(app);
        boolean namesBase = names(said, base);
        if (destination instanceof ImageDestination.Registry && names(said, target) && !namesBase) {
            String hint = LoopbackRegistries.isLoopback(target.getRegistry())
                    && !LoopbackRegistries.isLoopback(base.getRegistry())
                    ? "; plain http is allowed only when the base image is on a loopback registry too: write the "
                            + "tarball instead (make image without REGISTRY) and copy it with skopeo copy "
                            + "--dest-tls-verify=false oci-archive:FILE docker://" + target
                    : "; check REGISTRY and its credentials in the Docker config";
            return new ImageBuildException("The image " + target + " could not be pushed (" + reason + ")" + hint
                    + ".", failure);
        }
        if (namesBase || destination instanceof ImageDestination.Tarball && isNetworkFailure(failure)) {
            return new ImageBuildException("The base image " + baseName + " cannot be pulled (" + reason + "): "
                    + SET_BASE_IMAGE, failure);
        }
        if (destination instanceof ImageDestination.Tarball tarball) {
            return new ImageBuildException("Jib could not write " + tarball.file(app) + " (" + reason + ").", failure);
        }
        return new ImageBuildException("Jib could not build " + target + " from " + baseName + " (" + reason + ").",
                failure);
    }

    /** Whether a message names the image's repository as Jib writes it, {@code registry/repository}. */
    private static boolean names(List<String> said, ImageReference image) {
        String repository = image.getRegistry() + "/" + image.getRepository();
        return said.stream().anyMatch(text -> text.contains(repository));
    }

    /** The registry's or the network's own words: a registry error's reason, else the first real cause's message. */
    static String reason(Throwable failure) {
        Throwable cause = failure;
        while (cause instanceof ExecutionException && cause.getCause() != null) {
            cause = cause.getCause();
        }
        String message = cause.getMessage() == null ? cause.getClass().getSimpleName()
                : cause.getMessage().strip().lines().findFirst().orElse(cause.getClass().getSimpleName());
        if (cause instanceof RegistryException && message.contains(BECAUSE)) {
            return message.substring(message.indexOf(BECAUSE) + BECAUSE.length());
        }
        return message;
    }

    /** A registry's answer, or a connection that failed (unknown host, refused, timed out, TLS). */
    private static boolean isNetworkFailure(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof RegistryException
                    || cause instanceof java.net.UnknownHostException || cause instanceof java.net.SocketException
                    || cause instanceof java.net.SocketTimeoutException || cause instanceof javax.net.ssl.SSLException
                    || cause instanceof com.google.api.client.http.HttpResponseException) {
                return true;
            }
        }
        return false;
    }
}
