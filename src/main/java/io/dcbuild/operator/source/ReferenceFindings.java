package io.dcbuild.operator.source;

import java.util.List;

/** References found in one file, with the notes about them. */
record ReferenceFindings(List<ImageRequirement> requirements, List<PreflightNote> notes) {

    ReferenceFindings {
        requirements = List.copyOf(requirements);
        notes = List.copyOf(notes);
    }
}
