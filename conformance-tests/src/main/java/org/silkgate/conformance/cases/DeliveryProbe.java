package org.silkgate.conformance.cases;

/** How a case sees the receiving side: in-process the inbox and journal, remotely the access point's journal API. */
public interface DeliveryProbe {
    /**
     * What the receiving side shows for this message.
     *
     * @param expectDelivery whether the case expects a delivery: the probe then waits for it (delivery to the back
     *                       office happens after the receipt), otherwise it looks once
     */
    Observation observe(String receiver, String messageId, boolean expectDelivery);

    /**
     * @param observable whether the receiving side could be observed at all
     * @param copies     how many copies of the message were delivered (or journaled as received)
     * @param evidence   what was looked at and found
     */
    record Observation(boolean observable, int copies, String evidence) {
        public static Observation unobservable(String why) {
            return new Observation(false, 0, why);
        }
    }
}
