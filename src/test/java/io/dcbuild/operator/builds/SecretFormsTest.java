package io.dcbuild.operator.builds;

import static org.assertj.core.api.Assertions.assertThat;

import io.dcbuild.operator.status.SecretRedaction;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;

class SecretFormsTest {

    private static final String USER = "dev";
    private static final String PASSWORD = "p@ss w/rd:\u00e9\"x+1";

    @Test
    void everyFormOfAPasswordAndItsBasicAuthPairIsRedacted() {
        String pair = USER + ":" + PASSWORD;
        List<String> leaks = List.of(
                PASSWORD,
                base64(PASSWORD),
                base64(pair),
                base64(pair).replace("=", ""),
                Base64.getUrlEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8)),
                URLEncoder.encode(PASSWORD, StandardCharsets.UTF_8),
                URLEncoder.encode(PASSWORD, StandardCharsets.UTF_8).replace("+", "%20"),
                "p@ss w\\/rd:\u00e9\\\"x+1",
                "p@ss w/rd:\u00e9\\\"x+1");
        for (String leak : leaks) {
            String message = "fetch failed: Authorization: Basic " + leak + " refused";

            String redacted = SecretRedaction.redact(message, SecretForms.ofBasicAuth(USER, PASSWORD));

            assertThat(redacted).as(leak).isEqualTo("fetch failed: Authorization: Basic *** refused");
        }
    }

    @Test
    void aDockerConfigsSecretsAreRedactedInEveryForm() {
        String auth = base64("robot:t0ken-value");
        String json = "{\"auths\":{\"registry.example.com\":{\"auth\":\"" + auth + "\"}}}";

        var values = BuildSecretsReader.secretStringsOf(json);

        for (String leak : List.of(auth, "robot:t0ken-value", "t0ken-value", base64("t0ken-value"),
                base64(json))) {
            assertThat(SecretRedaction.redact("x " + leak + " y", values)).as(leak).isEqualTo("x *** y");
        }
        assertThat(SecretRedaction.redact("robot pulled", values)).isEqualTo("robot pulled");
    }

    private static String base64(String text) {
        return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }
}
