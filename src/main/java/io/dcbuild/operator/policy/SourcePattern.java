package io.dcbuild.operator.policy;

import java.util.regex.Pattern;

/** A glob over URLs and image repositories: {@code *} stays within a path segment, {@code **} crosses them. */
public final class SourcePattern {

    private final String glob;
    private final Pattern regex;

    private SourcePattern(String glob) {
        this.glob = glob;
        StringBuilder re = new StringBuilder("^");
        for (int i = 0; i < glob.length(); i++) {
            char c = glob.charAt(i);
            if (c == '*') {
                if (i + 1 < glob.length() && glob.charAt(i + 1) == '*') {
                    re.append(".*");
                    i++;
                } else {
                    re.append("[^/]*");
                }
            } else {
                re.append(Pattern.quote(String.valueOf(c)));
            }
        }
        this.regex = Pattern.compile(re.append("$").toString());
    }

    public static SourcePattern of(String glob) {
        return new SourcePattern(glob.strip());
    }

    public boolean matches(String value) {
        return regex.matcher(value).matches();
    }

    @Override
    public String toString() {
        return glob;
    }
}
