package io.dcbuild.operator.builds;

/**
 * One bad input of the corpus: how it is made, what a user must then read on the build (the Stalled condition's
 * reason and a part of its message naming the problem), and how the user fixes it.
 *
 * @param id          a short name, unique in the corpus (also the build's name)
 * @param kind        what is bad: a spec, a policy, a Secret, devcontainer.json, a Dockerfile, a URL
 * @param reason      the reason of the build's Stalled condition, or {@link #REFUSED_ON_APPLY} when the API server
 *                    refuses the object (the CRD schema says it)
 * @param messagePart what the message must contain to name the problem
 * @param breakIt     makes the bad input: the build, and whatever it reads
 * @param fix         what the user does to fix it; the build must then become Ready by itself
 */
record BadInput(String id, Kind kind, String reason, String messagePart, Step breakIt, Step fix) {

    /** The API server refuses the object: the CRD schema states the rule. */
    static final String REFUSED_ON_APPLY = "RefusedOnApply";

    enum Kind { SPEC, URL, SECRET, DEVCONTAINER_JSON, DOCKERFILE, POLICY }

    @FunctionalInterface
    interface Step {
        void apply(CorpusCase c);
    }

    boolean refusedOnApply() {
        return reason.equals(REFUSED_ON_APPLY);
    }

    @Override
    public String toString() {
        return kind + " " + id;
    }
}
