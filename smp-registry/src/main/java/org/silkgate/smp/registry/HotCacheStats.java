package org.silkgate.smp.registry;

/**
 * What a registry node's hot documents hold: their estimated heap bytes against the budget ({@code smp serve
 * --hot-cache-mib}), how many participants and documents, and whether the node keeps any (not while a node of several
 * does not hear the others' writes).
 */
public record HotCacheStats(long bytes, long budgetBytes, int participants, long documents, boolean enabled) {
    private static final double MIB = 1024.0 * 1024.0;

    public double mib() {
        return bytes / MIB;
    }

    public double budgetMib() {
        return budgetBytes / MIB;
    }
}
