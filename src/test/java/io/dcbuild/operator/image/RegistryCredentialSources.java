package io.dcbuild.operator.image;

import com.google.cloud.tools.jib.api.ImageReference;
import com.google.cloud.tools.jib.api.LogEvent;
import com.google.cloud.tools.jib.api.RegistryImage;
import com.google.cloud.tools.jib.frontend.CredentialRetrieverFactory;
import java.nio.file.Path;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Where the credentials of a registry come from, as for {@code docker pull} and {@code docker push}: the Docker
 * config ({@code $DOCKER_CONFIG/config.json}, else {@code ~/.docker/config.json}) with its {@code auths},
 * {@code credHelpers} and {@code credsStore} (a {@code docker-credential-<name>} program on the PATH), then the
 * credential helpers Jib knows for Google's and Amazon's registries. None found: anonymous.
 */
final class RegistryCredentialSources {

    private RegistryCredentialSources() {
    }

    static RegistryImage registryImage(ImageReference reference, Map<String, String> environment,
            Consumer<LogEvent> log) {
        CredentialRetrieverFactory credentials = CredentialRetrieverFactory.forImage(reference, log, environment);
        String dockerConfig = environment.get("DOCKER_CONFIG");
        return RegistryImage.named(reference)
                .addCredentialRetriever(dockerConfig == null || dockerConfig.isBlank() ? credentials.dockerConfig()
                        : credentials.dockerConfig(Path.of(dockerConfig, "config.json")))
                .addCredentialRetriever(credentials.wellKnownCredentialHelpers());
    }
}
