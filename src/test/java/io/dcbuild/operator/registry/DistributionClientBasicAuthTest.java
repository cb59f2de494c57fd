package io.dcbuild.operator.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.http.HttpClient;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.dcbuild.operator.testing.LocalRegistry;
import io.dcbuild.operator.testing.ScratchImagePusher;

/** The client against a real registry 2.8 protected by htpasswd basic authentication. */
class DistributionClientBasicAuthTest {

    private static final HttpClient HTTP = DistributionClient.newHttpClient();
    private static final String USER = "builder";
    private static final String PASSWORD = "Corr3ct-horse";

    private static LocalRegistry registry;
    private static String pushed;

    @BeforeAll
    static void startRegistry() {
        registry = LocalRegistry.builder().basicAuth(USER, PASSWORD).start();
        pushed = ScratchImagePusher.to(registry).withCredentials(USER, PASSWORD).push("private/app:v1", "secret app");
    }

    @AfterAll
    static void stopRegistry() {
        if (registry != null) {
            registry.close();
        }
    }

    @Test
    void theRightCredentialsReadManifestsTagsAndDelete() {
        DistributionClient client = new DistributionClient(HTTP, registry.hostPort(), true,
                new RegistryCredentials(USER, PASSWORD));

        assertThat(client.headManifest("private/app", "v1").orElseThrow().digest()).isEqualTo(pushed);
        assertThat(client.listTags("private/app")).containsExactly("v1");
        assertThat(client.getManifest("private/app", "v1").digest()).isEqualTo(pushed);
        assertThat(client.headManifest("private/app", "v2")).isEmpty();
    }

    @Test
    void aWrongPasswordIsAnAuthenticationErrorThatDoesNotShowThePassword() {
        DistributionClient client = new DistributionClient(HTTP, registry.hostPort(), true,
                new RegistryCredentials(USER, "wrong-password"));

        assertThatThrownBy(() -> client.headManifest("private/app", "v1"))
                .isInstanceOf(RegistryAuthenticationException.class)
                .hasMessageContaining("HEAD manifest private/app:v1 on registry " + registry.hostPort())
                .hasMessageContaining("rejected the credentials of user 'builder'")
                .hasMessageNotContaining("wrong-password")
                .satisfies(e -> assertThat(((RegistryException) e).statusCode()).isEqualTo(401));
    }

    @Test
    void noCredentialsIsAnAuthenticationErrorSayingSo() {
        DistributionClient client = new DistributionClient(HTTP, registry.hostPort(), true, null);

        assertThatThrownBy(() -> client.listTags("private/app"))
                .isInstanceOf(RegistryAuthenticationException.class)
                .hasMessageContaining("requires authentication but no credentials are configured");
    }
}
