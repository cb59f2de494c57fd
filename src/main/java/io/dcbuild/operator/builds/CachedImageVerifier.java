package io.dcbuild.operator.builds;

import io.dcbuild.operator.egress.EgressSettings;

/**
 * Checks that an image a probe reported is really served by its registry, with the build's credentials.
 * Throws when the registry cannot be asked (the caller retries later); answers false when it says no.
 */
public interface CachedImageVerifier {

    boolean isServed(String imageWithDigest, BuildSecrets secrets, EgressSettings egress) throws Exception;
}
