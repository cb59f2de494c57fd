package io.dcbuild.operator.source;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The {@code build.args} of a devcontainer.json as values for Dockerfile substitution. Dev container variables in
 * them are worked out where the result does not depend on the builder pod: {@code ${localEnv:NAME:default}} (and
 * {@code env}, {@code containerEnv}) gives its default, since the operator does not put such names in the pod's
 * environment. Any other variable ({@code ${localEnv:NAME}} without default, {@code ${localWorkspaceFolder}}, ...)
 * makes the argument unknown, so that an image built from it is reported unresolved rather than guessed.
 */
final class DevcontainerBuildArgs {

    private static final Pattern VARIABLE = Pattern.compile("\\$\\{([^}]*)}");
    private static final Pattern ENV_WITH_DEFAULT = Pattern.compile("(?:localEnv|containerEnv|env):[^:]+:(.*)");

    private DevcontainerBuildArgs() {
    }

    static Map<String, ArgumentValue> of(Map<String, DevcontainerConfig.Value> args) {
        Map<String, ArgumentValue> values = new LinkedHashMap<>();
        args.forEach((name, value) -> values.put(name, substitute(name, value.text())));
        return values;
    }

    private static ArgumentValue substitute(String name, String text) {
        Matcher variable = VARIABLE.matcher(text);
        StringBuilder out = new StringBuilder();
        while (variable.find()) {
            Matcher withDefault = ENV_WITH_DEFAULT.matcher(variable.group(1));
            if (!withDefault.matches()) {
                return ArgumentValue.unknown("the build arg " + name + " is '" + text + "', and ${"
                        + variable.group(1) + "} is only known inside the builder pod");
            }
            variable.appendReplacement(out, Matcher.quoteReplacement(withDefault.group(1)));
        }
        variable.appendTail(out);
        return ArgumentValue.known(out.toString());
    }
}
