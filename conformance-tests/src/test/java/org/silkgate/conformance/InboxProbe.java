package org.silkgate.conformance;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.stream.Stream;
import org.silkgate.ap.AccessPoint;
import org.silkgate.ap.journal.Direction;
import org.silkgate.conformance.cases.DeliveryProbe;

/** Sees an in-process access point's receiving side directly: its inbound journal and its inbox folder. */
final class InboxProbe implements DeliveryProbe {
    private static final Duration DELIVERY_WAIT = Duration.ofSeconds(30);

    private final AccessPoint ap;

    InboxProbe(AccessPoint ap) {
        this.ap = ap;
    }

    @Override
    public Observation observe(String receiver, String messageId, boolean expectDelivery) {
        Instant giveUp = Instant.now().plus(DELIVERY_WAIT);
        Path document = ap.inbox().documentPath(org.silkgate.ap.model.ParticipantId.parse(receiver), messageId);
        while (true) {
            boolean journaled = ap.journal().find(Direction.INBOUND, messageId).isPresent();
            long copies = copiesInInbox(document);
            if (!expectDelivery || copies > 0 || Instant.now().isAfter(giveUp)) {
                // accepted and journaled but not yet in the inbox still counts: delivery to the back office follows
                int seen = !expectDelivery && journaled && copies == 0 ? 1 : (int) copies;
                return new Observation(
                        true,
                        seen,
                        "inbox of " + ap.id() + ": " + copies + " cop" + (copies == 1 ? "y" : "ies") + " of "
                                + messageId
                                + " in " + document.getParent() + "; inbound journal " + (journaled ? "has" : "has no")
                                + " record");
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for " + messageId, e);
            }
        }
    }

    /** Files delivered for this message id: the document and any second copy a double delivery would leave. */
    private static long copiesInInbox(Path document) {
        if (!Files.isDirectory(document.getParent())) return 0;
        String stem = document.getFileName().toString().replace(".xml", "");
        try (Stream<Path> files = Files.list(document.getParent())) {
            return files.map(f -> f.getFileName().toString())
                    .filter(name -> name.startsWith(stem) && name.endsWith(".xml") && !name.endsWith(".validation.xml"))
                    .count();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
