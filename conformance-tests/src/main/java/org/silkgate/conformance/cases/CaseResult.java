package org.silkgate.conformance.cases;

/** The outcome of one conformance case: passed or not, with the evidence that decided it. */
public record CaseResult(String id, String title, boolean passed, String evidence, long millis) {}
