package io.dcbuild.operator.source;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class DockerfileWordExpanderTest {

    private final DockerfileWordExpander backslash = new DockerfileWordExpander('\\');

    private final Map<String, ArgumentValue> scope = Map.of(
            "SET", ArgumentValue.known("value"),
            "EMPTY", ArgumentValue.known(""),
            "FROM_POD", ArgumentValue.unknown("only known inside the pod"));

    @Test
    void substitutesPlainAndBracedNames() {
        assertThat(expand("a/$SET:${SET}")).isEqualTo("a/value:value");
        assertThat(expand("img:${EMPTY}x")).isEqualTo("img:x");
    }

    @Test
    void appliesDefaultAndAlternativeForms() {
        assertThat(expand("${MISSING:-dflt}")).isEqualTo("dflt");
        assertThat(expand("${EMPTY:-dflt}")).isEqualTo("dflt");
        assertThat(expand("${EMPTY-dflt}")).isEmpty();
        assertThat(expand("${MISSING-dflt}")).isEqualTo("dflt");
        assertThat(expand("${SET:+alt}")).isEqualTo("alt");
        assertThat(expand("${EMPTY:+alt}")).isEmpty();
        assertThat(expand("${EMPTY+alt}")).isEqualTo("alt");
        assertThat(expand("${MISSING+alt}")).isEmpty();
        assertThat(expand("${MISSING:-${SET}-nested}")).isEqualTo("value-nested");
    }

    @Test
    void escapesAndQuotes() {
        assertThat(expand("\\$SET")).isEqualTo("$SET");
        assertThat(expand("'$SET'")).isEqualTo("$SET");
        assertThat(expand("\"$SET\"")).isEqualTo("value");
        assertThat(expand("cost$")).isEqualTo("cost$");
        assertThat(new DockerfileWordExpander('`').expand("`$SET\\x", scope).text()).isEqualTo("$SET\\x");
    }

    @Test
    void missingOrUnknownValuesLeaveTheWordUnresolved() {
        assertThat(backslash.expand("img:$MISSING", scope).problem()).contains("the argument MISSING has no value");
        assertThat(backslash.expand("img:${FROM_POD:-x}", scope).problem()).contains("only known inside the pod");
        assertThat(backslash.expand("${MISSING:?say why}", scope).problem())
                .contains("the argument MISSING is required: say why");
        assertThat(backslash.expand("${SET#prefix}", scope).problem()).get().asString()
                .contains("substitution form the preflight does not evaluate");
        assertThat(backslash.expand("${SET", scope).problem()).get().asString().contains("without a closing");
    }

    @Test
    void deepNestingIsRefusedInsteadOfOverflowingTheStack() {
        String deep = "${A:-".repeat(100_000) + "x" + "}".repeat(100_000);
        assertThat(backslash.expand(deep, scope).problem()).get().asString()
                .contains("nested more than " + DockerfileWordExpander.MAX_NESTING + " deep");
        String allowed = "${A:-".repeat(DockerfileWordExpander.MAX_NESTING) + "x"
                + "}".repeat(DockerfileWordExpander.MAX_NESTING);
        assertThat(expand(allowed)).isEqualTo("x");
    }

    private String expand(String word) {
        ExpandedWord expanded = backslash.expand(word, scope);
        assertThat(expanded.problem()).as(word).isEmpty();
        return expanded.text();
    }
}
