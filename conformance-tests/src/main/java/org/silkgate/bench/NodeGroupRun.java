package org.silkgate.bench;

import java.util.OptionalDouble;

/**
 * One measured run of {@code bench as4 --nodes}: the closed loop's figures (every message submitted to one of the
 * sending nodes and timed until the receiving back office had it) and, per sending node, the messages that node sent
 * within the measured window. Any node sends any message: they share one send queue, so a node's count says what it
 * took from the queue, not what was submitted to it.
 *
 * @param figures the whole group: messages, seconds, latencies and the JVM's CPU over the window
 * @param sentPerNode per node, in node order, the AS4 sends it completed within the window
 * @param postgresCpuMillis the PostgreSQL server's CPU over the window, when it runs where it can be measured (the
 *        embedded one); it is a separate process, outside the JVM's figure
 */
record NodeGroupRun(As4Bench.Figures figures, long[] sentPerNode, OptionalDouble postgresCpuMillis) {
    NodeGroupRun {
        if (sentPerNode.length == 0) throw new IllegalArgumentException("a run has at least one node");
        sentPerNode = sentPerNode.clone();
    }

    String name() {
        return figures.name();
    }

    int nodes() {
        return sentPerNode.length;
    }

    int messages() {
        return figures.messages();
    }

    /** The group's messages/s. */
    double perSecond() {
        return figures.perSecond();
    }

    long sentBy(int node) {
        return sentPerNode[node];
    }

    /** What one node sent per second of the group's window: the nodes' figures add up to the group's. */
    double perSecondOf(int node) {
        return sentPerNode[node] / figures.seconds();
    }

    double jvmCpuMillisPerMessage() {
        return figures.cpuMillisPerMessage();
    }

    OptionalDouble postgresCpuMillisPerMessage() {
        return postgresCpuMillis.isPresent()
                ? OptionalDouble.of(postgresCpuMillis.getAsDouble() / messages())
                : OptionalDouble.empty();
    }

    /** The figure sizing needs: every CPU this run was seen to use (JVM and, when measured, PostgreSQL) per message. */
    double cpuMillisPerMessage() {
        return jvmCpuMillisPerMessage() + postgresCpuMillisPerMessage().orElse(0);
    }

    /** Two runs of the same number of nodes as one, e.g. the baseline measured before and after the group. */
    NodeGroupRun plus(NodeGroupRun other, String combinedName) {
        if (other.nodes() != nodes())
            throw new IllegalArgumentException(
                    "runs of " + nodes() + " and " + other.nodes() + " nodes are not one figure");
        long[] sent = sentPerNode.clone();
        for (int node = 0; node < sent.length; node++) sent[node] += other.sentPerNode[node];
        OptionalDouble postgres = postgresCpuMillis.isPresent() && other.postgresCpuMillis.isPresent()
                ? OptionalDouble.of(postgresCpuMillis.getAsDouble() + other.postgresCpuMillis.getAsDouble())
                : OptionalDouble.empty();
        return new NodeGroupRun(figures.plus(other.figures, combinedName), sent, postgres);
    }

    /** The group's messages/s against the baseline's: 2.0 would be twice the baseline. */
    double throughputRatioTo(NodeGroupRun baseline) {
        return perSecond() / baseline.perSecond();
    }

    /** The CPU per message against the baseline's: above 1.0, a message costs more on the group. */
    double cpuRatioTo(NodeGroupRun baseline) {
        return cpuMillisPerMessage() / baseline.cpuMillisPerMessage();
    }
}
