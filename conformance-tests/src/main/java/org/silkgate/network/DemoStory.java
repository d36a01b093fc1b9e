package org.silkgate.network;

import static org.silkgate.network.Participants.AZ_CUSTOMS;
import static org.silkgate.network.Participants.GE_CUSTOMS;
import static org.silkgate.network.Participants.GE_IMPORTER;
import static org.silkgate.network.Participants.GE_MINISTRY;
import static org.silkgate.network.Participants.KZ_CHAMBER;
import static org.silkgate.network.Participants.KZ_CUSTOMS;
import static org.silkgate.network.Participants.KZ_SUPPLIER;

import java.util.List;

/**
 * The demo story, in the order it happens: a Georgian ministry buys steel from a Kazakh supplier (tendering,
 * ordering), the goods cross Kazakhstan, Azerbaijan and Georgia (customs, certificate of origin), the supplier
 * invoices, and a broken invoice is stopped at the supplier's access point. The routing follows
 * validation-rules' examples/README.md.
 */
public final class DemoStory {
    /** The deliberately broken invoice: its totals do not add up (EN 16931 rule BR-CO-15). */
    public static final String BROKEN_INVOICE = "examples/billing/Invoice/invalid-BR-CO-15.xml";

    /**
     * A tender whose validity ends before it is issued (CAREC-TND-R023), a rule Kazakhstan's access point waives on what it sends
     * ({@link #KAZAKHSTAN_WAIVES}) and Georgia's enforces: Georgia acknowledges it at AS4, does not deliver it, and
     * answers with an MLS RE naming the rule ({@code --invalid-documents RESPOND}).
     */
    public static final String WAIVED_TENDER = "examples/tendering/Tender/invalid-CAREC-TND-R023.xml";

    public static final java.util.Set<String> KAZAKHSTAN_WAIVES = java.util.Set.of("CAREC-TND-R023");

    private static final String MINISTRY = GE_MINISTRY.primaryIdentifier();
    private static final String SUPPLIER = KZ_SUPPLIER.primaryIdentifier();
    private static final String MINISTRY_GLN = "0088:4860000000013";
    private static final String SUPPLIER_GLN = "0088:4870000000012";

    private DemoStory() {}

    public static List<StoryDocument> documents() {
        return List.of(
                delivered("ContractNotice", "tendering", GE_MINISTRY, MINISTRY, KZ_SUPPLIER, SUPPLIER),
                delivered("CallForTenders", "tendering", GE_MINISTRY, MINISTRY, KZ_SUPPLIER, SUPPLIER),
                delivered("Tender", "tendering", KZ_SUPPLIER, SUPPLIER, GE_MINISTRY, MINISTRY),
                StoryDocument.rejectedByReceiver(
                        "Tender (rule waived at KZ)", WAIVED_TENDER, KZ_SUPPLIER, SUPPLIER, GE_MINISTRY, MINISTRY),
                delivered("TenderReceipt", "tendering", GE_MINISTRY, MINISTRY, KZ_SUPPLIER, SUPPLIER),
                delivered("AwardedNotification", "tendering", GE_MINISTRY, MINISTRY, KZ_SUPPLIER, SUPPLIER),
                delivered("Order", "ordering", GE_MINISTRY, MINISTRY, KZ_SUPPLIER, SUPPLIER),
                delivered("OrderResponse", "ordering", KZ_SUPPLIER, SUPPLIER, GE_MINISTRY, MINISTRY),
                delivered("DespatchAdvice", "ordering", KZ_SUPPLIER, SUPPLIER, GE_MINISTRY, MINISTRY),
                delivered(
                        "TransitCustomsDeclaration",
                        "paperless-trade",
                        KZ_CUSTOMS,
                        KZ_CUSTOMS.primaryIdentifier(),
                        AZ_CUSTOMS,
                        AZ_CUSTOMS.primaryIdentifier()),
                delivered(
                        "ExportCustomsDeclaration",
                        "paperless-trade",
                        KZ_CUSTOMS,
                        KZ_CUSTOMS.primaryIdentifier(),
                        GE_CUSTOMS,
                        GE_CUSTOMS.primaryIdentifier()),
                delivered(
                        "CertificateOfOrigin",
                        "paperless-trade",
                        KZ_CHAMBER,
                        KZ_CHAMBER.primaryIdentifier(),
                        GE_CUSTOMS,
                        GE_CUSTOMS.primaryIdentifier()),
                delivered(
                        "ImportCustomsDeclaration",
                        "paperless-trade",
                        GE_IMPORTER,
                        GE_IMPORTER.primaryIdentifier(),
                        GE_CUSTOMS,
                        GE_CUSTOMS.primaryIdentifier()),
                delivered("Invoice", "billing", KZ_SUPPLIER, SUPPLIER_GLN, GE_MINISTRY, MINISTRY_GLN),
                StoryDocument.refused(
                        "Invoice (broken)", BROKEN_INVOICE, KZ_SUPPLIER, SUPPLIER_GLN, GE_MINISTRY, MINISTRY_GLN));
    }

    private static StoryDocument delivered(
            String type, String specification, Participant from, String senderId, Participant to, String receiverId) {
        return StoryDocument.delivered(
                type, "examples/" + specification + "/" + type + "/valid.xml", from, senderId, to, receiverId);
    }
}
