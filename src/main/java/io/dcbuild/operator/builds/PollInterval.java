package io.dcbuild.operator.builds;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Parses durations written like Kubernetes users write them: 30s, 5m, 1h30m. */
public final class PollInterval {

    private static final Pattern WHOLE = Pattern.compile("^([0-9]+(s|m|h))+$");
    private static final Pattern PART = Pattern.compile("([0-9]+)(s|m|h)");
    static final Duration MINIMUM = Duration.ofSeconds(10);
    /** A year: longer intervals are mistakes, and much longer ones overflow the clock arithmetic. */
    static final Duration MAXIMUM = Duration.ofDays(366);

    private PollInterval() {
    }

    public static Duration parse(String text) {
        if (text == null || !WHOLE.matcher(text).matches()) {
            throw new IllegalArgumentException("'" + text + "' is not a duration such as 30s, 5m or 1h");
        }
        Duration total = Duration.ZERO;
        Matcher part = PART.matcher(text);
        while (part.find()) {
            String digits = part.group(1).replaceFirst("^0+(?=.)", "");
            long amount = digits.length() > 9 ? MAXIMUM.getSeconds() + 1 : Long.parseLong(digits);
            total = total.plus(switch (part.group(2)) {
                case "s" -> Duration.ofSeconds(amount);
                case "m" -> Duration.ofMinutes(amount);
                default -> Duration.ofHours(amount);
            });
            if (total.compareTo(MAXIMUM) > 0) {
                throw new IllegalArgumentException("'" + text + "' is longer than the maximum poll interval of "
                        + MAXIMUM.toDays() + " days");
            }
        }
        if (total.compareTo(MINIMUM) < 0) {
            throw new IllegalArgumentException("'" + text + "' is shorter than the minimum poll interval of 10s");
        }
        return total;
    }
}
