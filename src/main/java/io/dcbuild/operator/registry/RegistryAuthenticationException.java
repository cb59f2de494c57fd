package io.dcbuild.operator.registry;

/**
 * The registry refused the request after authentication was attempted (401 or 403), or demanded credentials
 * that were not configured. Permanent until someone fixes the credentials.
 */
public class RegistryAuthenticationException extends RegistryException {

    public RegistryAuthenticationException(String message, int statusCode, String errorCode) {
        super(message, statusCode, errorCode, null);
    }
}
