package org.silkgate.ap.journal;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.silkgate.ap.model.Envelope;
import org.silkgate.ap.model.ParticipantCountry;

/**
 * One journaled message: its envelope, what was stored of it, where it stands and how it got there.
 *
 * @param peerAp the other access point: the receiver of a sent message, the sender of a received one
 * @param peerCertificate the SHA-256 fingerprint of the certificate that signed a received message
 * @param reporting what the Peppol reports need beyond the envelope
 * @param attempts send attempts that ended (outbound)
 * @param nextAttemptAt when the next send attempt is due (outbound, while RETRYING)
 * @param history every state the message was in, oldest first (empty when read without it)
 */
public record MessageRecord(
        Direction direction,
        String messageId,
        Envelope envelope,
        Optional<String> peerAp,
        Optional<String> peerCertificate,
        Content content,
        Reporting reporting,
        MessageState state,
        Optional<String> reason,
        int attempts,
        Optional<Instant> nextAttemptAt,
        Instant createdAt,
        Instant updatedAt,
        List<StateChange> history) {

    /** What was stored: the business document's size and SHA-256, and the size of the SBDH around it. */
    public record Content(long documentSize, long sbdhSize, String sha256) {}

    /**
     * What the Peppol reports (TSR, EUSR) need of a message beyond its envelope, kept because it cannot be recovered
     * later.
     *
     * @param accessPoint this access point's id: the sending service provider of a sent message, the receiving one of
     *     a received message ({@link #peerAp()} is the other); empty when the journaling step did not say
     * @param transportProtocol the Peppol transport profile the message travelled by
     * @param countryC4 the end receiver's country (received messages): the Peppol SBDH carries none, so it is what
     *     the receiver's identifier names, else {@link ParticipantCountry#UNKNOWN}
     */
    public record Reporting(Optional<String> accessPoint, String transportProtocol, Optional<String> countryC4) {
        /** The Peppol AS4 profile: the only transport SilkGate speaks. */
        public static final String PEPPOL_AS4_V2 = "peppol-transport-as4-v2_0";

        static Reporting of(Direction direction, Envelope envelope) {
            return new Reporting(
                    Optional.empty(),
                    PEPPOL_AS4_V2,
                    direction == Direction.INBOUND
                            ? Optional.of(ParticipantCountry.orUnknown(envelope.receiver()))
                            : Optional.empty());
        }
    }

    /** This record as journaled by access point {@code accessPoint} (kept for the Peppol reports). */
    public MessageRecord handledBy(String accessPoint) {
        return new MessageRecord(
                direction,
                messageId,
                envelope,
                peerAp,
                peerCertificate,
                content,
                new Reporting(Optional.of(accessPoint), reporting.transportProtocol(), reporting.countryC4()),
                state,
                reason,
                attempts,
                nextAttemptAt,
                createdAt,
                updatedAt,
                history);
    }

    public record StateChange(MessageState state, Optional<String> reason, Instant at) {}

    /** A submitted message, journaled before it is queued for sending. */
    public static MessageRecord accepted(String messageId, Envelope envelope, Content content, Instant at) {
        return first(
                Direction.OUTBOUND,
                messageId,
                envelope,
                Optional.empty(),
                Optional.empty(),
                content,
                MessageState.ACCEPTED,
                at);
    }

    /** A message received from another access point, journaled before the receipt goes back. */
    public static MessageRecord received(
            String messageId,
            Envelope envelope,
            String senderAp,
            String senderCertificate,
            Content content,
            Instant at) {
        return first(
                Direction.INBOUND,
                messageId,
                envelope,
                Optional.of(senderAp),
                Optional.of(senderCertificate),
                content,
                MessageState.RECEIVED,
                at);
    }

    private static MessageRecord first(
            Direction direction,
            String messageId,
            Envelope envelope,
            Optional<String> peerAp,
            Optional<String> peerCertificate,
            Content content,
            MessageState state,
            Instant at) {
        return new MessageRecord(
                direction,
                messageId,
                envelope,
                peerAp,
                peerCertificate,
                content,
                Reporting.of(direction, envelope),
                state,
                Optional.empty(),
                0,
                Optional.empty(),
                at,
                at,
                List.of(new StateChange(state, Optional.empty(), at)));
    }
}
