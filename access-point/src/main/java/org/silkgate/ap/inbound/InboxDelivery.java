package org.silkgate.ap.inbound;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.silkgate.ap.files.AtomicFiles;
import org.silkgate.ap.files.Durability;
import org.silkgate.ap.journal.MessageFiles;
import org.silkgate.ap.model.ParticipantId;

/**
 * Delivers to a back office that reads a folder: {@code <inbox>/<receiver>/<messageId>.xml} plus a JSON metadata
 * file beside it. Both are written under a temporary name and renamed, metadata first, so a reader that waits for
 * the {@code .xml} never sees half a file or a document without its metadata. The metadata's {@code "valid"} tells
 * whether the document passed validation.
 */
public final class InboxDelivery implements BackOfficeChannel {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path inbox;
    private final Durability durability;

    public InboxDelivery(Path inbox, Durability durability) {
        this.inbox = inbox;
        this.durability = durability;
    }

    public Path inbox() {
        return inbox;
    }

    @Override
    public void deliver(InboundMessage message, Optional<byte[]> validationReport) {
        deliverOnce(message, validationReport);
    }

    /**
     * @param validationReport the report of a document delivered although it failed validation: written beside it
     *        as {@code <messageId>.validation.json} and the metadata says {@code "valid": false}
     * @return false when this message was delivered before (its document is already in the inbox)
     */
    public boolean deliverOnce(InboundMessage message, Optional<byte[]> validationReport) {
        Path folder = inbox.resolve(
                MessageFiles.fileName(message.envelope().receiver().value()));
        String base = MessageFiles.fileName(message.as4MessageId());
        Path document = folder.resolve(base + ".xml");
        try {
            if (Files.exists(document)) return false;
            if (validationReport.isPresent())
                AtomicFiles.write(folder.resolve(base + ".validation.json"), validationReport.get(), durability);
            ObjectNode metadata = metadata(message);
            metadata.put("valid", validationReport.isEmpty());
            AtomicFiles.write(
                    folder.resolve(base + ".json"),
                    JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(metadata),
                    durability);
            return AtomicFiles.writeNew(document, message.businessDocument(), durability);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot deliver " + message.as4MessageId() + " into " + folder, e);
        }
    }

    public Path documentPath(ParticipantId receiver, String as4MessageId) {
        return inbox.resolve(MessageFiles.fileName(receiver.value()))
                .resolve(MessageFiles.fileName(as4MessageId) + ".xml");
    }

    static ObjectNode metadata(InboundMessage message) {
        ObjectNode node = JSON.createObjectNode();
        node.put("messageId", message.as4MessageId());
        message.envelope().fields().forEach(node::put);
        node.put("senderAccessPoint", message.senderAp());
        node.put("receivedAt", message.receivedAt().toString());
        node.put("size", message.businessDocument().length);
        return node;
    }
}
