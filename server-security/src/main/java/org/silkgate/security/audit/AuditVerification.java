package org.silkgate.security.audit;

/** The outcome of {@link AuditLog#verify()}: the chain is intact, or the first entry where it breaks and why. */
public sealed interface AuditVerification {

    /** Every entry from 1 to {@code count} is present, unchanged and chained; {@code lastHash} is the chain head. */
    record Intact(long count, String lastHash) implements AuditVerification {}

    /** The first broken entry: {@code seq} is the entry that was changed, is missing, or no longer follows its predecessor. */
    record Broken(long seq, Problem problem, String message) implements AuditVerification {}

    enum Problem {
        /** The entry's content (or its previous hash) no longer matches its hash: the row was changed. */
        CONTENT_CHANGED,
        /** The entry is not there although later entries, or the chain head, say it was appended: it was deleted. */
        ENTRY_MISSING,
        /** The entry is self-consistent but does not follow its predecessor (or the chain head): rewritten or inserted. */
        CHAIN_BROKEN
    }

    default boolean intact() {
        return this instanceof Intact;
    }

    /** One line for an operator, as {@code audit verify} prints it. */
    default String report() {
        if (this instanceof Intact intact)
            return "audit log intact: " + intact.count() + " entries, last hash " + intact.lastHash();
        Broken broken = (Broken) this;
        return "audit log BROKEN at entry " + broken.seq() + " (" + broken.problem() + "): " + broken.message();
    }

    /** {@code audit verify}'s exit code: 0 intact, 1 broken. */
    default int exitCode() {
        return intact() ? 0 : 1;
    }
}
