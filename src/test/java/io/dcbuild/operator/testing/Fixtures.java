package io.dcbuild.operator.testing;

/** Stopping a test's local servers and simulators. */
public final class Fixtures {

    private Fixtures() {
    }

    /**
     * Closes each fixture in order (nulls skipped). A failure to close one is reported on stderr and does not keep
     * the others running; it does not fail the tests, which have already asserted what they check.
     */
    public static void closeAll(AutoCloseable... fixtures) {
        for (AutoCloseable fixture : fixtures) {
            try {
                if (fixture != null) {
                    fixture.close();
                }
            } catch (Exception e) {
                System.err.println("closing " + fixture + " failed: " + e);
            }
        }
    }
}
