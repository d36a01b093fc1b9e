package org.silkgate.network;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.silkgate.ap.AccessPoint;
import org.silkgate.ap.model.DocumentIdentifiers;
import org.silkgate.ap.model.ParticipantId;
import org.silkgate.demo.StoryReport;
import org.silkgate.schemas.xml.SecureXml;
import org.silkgate.validation.Language;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

/** The demo network started once, in this process, exactly as {@code ./silkgate demo} starts it. */
class DemoNetworkTest {
    @TempDir
    static Path data;

    private static DemoNetwork network;
    private static StoryResult story;

    @BeforeAll
    static void startNetworkAndPlayTheStory() {
        network = DemoNetwork.start(NetworkOptions.demo(data), line -> {});
        story = new StoryPlayer(network, Language.EN, Duration.ofSeconds(30))
                .play(DemoStory.documents(), outcome -> {});
    }

    @AfterAll
    static void stopNetwork() {
        if (network != null) network.close();
    }

    @Test
    @DisplayName("demo story delivers every document of the three-country network")
    void demoStoryDeliversEveryDocument() {
        for (DocumentOutcome outcome : story.outcomes()) {
            if (!outcome.document().shouldArrive()) continue;
            assertTrue(
                    outcome.asExpected(),
                    outcome.document().label() + " from "
                            + outcome.document().from().shortName() + " to "
                            + outcome.document().to().shortName() + ": "
                            + outcome.problem().orElse("no receipt or not delivered"));
            AccessPoint sender = network.accessPoint(outcome.document().from().country());
            assertTrue(
                    sender.files().receipt(outcome.messageId().orElseThrow()).isPresent(),
                    "the signed receipt of " + outcome.document().label() + " is stored at " + sender.id());
        }
        assertEquals(13, story.expectedDeliveries());
        assertEquals(story.expectedDeliveries(), story.deliveries());
    }

    @Test
    @DisplayName(
            "delivers each document with its content intact into its receiver's folder, at the receiver's access point only")
    void deliversIntactIntoTheRightInboxOnly() throws Exception {
        for (DocumentOutcome outcome : story.outcomes()) {
            if (outcome.messageId().isEmpty() || !outcome.document().shouldArrive()) continue;
            String messageId = outcome.messageId().get();
            Path delivered = network.inboxDocument(outcome.document(), messageId);
            Element sent = elementContent(outcome.document().content());
            Element received = elementContent(Files.readAllBytes(delivered));
            assertTrue(
                    sent.isEqualNode(received),
                    outcome.document().label() + " arrives with the elements, attributes"
                            + " and text it was sent with: " + delivered);
            for (AccessPoint other : network.accessPoints().values()) {
                if (other.id().equals(outcome.toAp())) continue;
                try (Stream<Path> files = Files.walk(other.inbox().inbox())) {
                    assertTrue(
                            files.noneMatch(f -> f.getFileName()
                                    .toString()
                                    .startsWith(delivered.getFileName().toString())),
                            outcome.document().label() + " must not be delivered at " + other.id());
                }
            }
        }
    }

    @Test
    @DisplayName(
            "refuses the broken invoice at the supplier's access point with rule BR-CO-15, and nothing reaches the buyer")
    void refusesTheBrokenInvoice() throws Exception {
        DocumentOutcome broken = story.outcomes().stream()
                .filter(o -> o.document().refusedBySender())
                .findFirst()
                .orElseThrow();
        assertEquals(DemoStory.BROKEN_INVOICE, broken.document().example());
        assertTrue(
                broken.refusal().isPresent(),
                "refused at " + broken.fromAp() + ": " + broken.problem().orElse(""));
        assertTrue(
                broken.refusal().get().breaks("BR-CO-15"),
                broken.refusal().get().report());
        assertTrue(broken.messageId().isEmpty(), "nothing was queued for the broken invoice");
        Path buyerInbox = network.inboxDocument(broken.document(), "any").getParent();
        try (Stream<Path> files = Files.list(buyerInbox)) {
            assertEquals(
                    1,
                    files.filter(f -> f.toString().endsWith(".xml")).count(),
                    "only the valid invoice reaches the buyer's GLN inbox " + buyerInbox);
        }
        assertEquals(1, story.refusals());
    }

    @Test
    @DisplayName(
            "the tender Kazakhstan waives CAREC-TND-R023 for is receipted, not delivered, and answered by Georgia with an MLS RE naming the rule")
    void theWaivedTenderIsRejectedByTheReceiverWithAnMlsRe() throws Exception {
        DocumentOutcome waived = story.outcomes().stream()
                .filter(o -> o.document().atReceiver())
                .findFirst()
                .orElseThrow();
        assertEquals(DemoStory.WAIVED_TENDER, waived.document().example());
        assertTrue(waived.asExpected(), waived.problem().orElse("") + " " + waived.mls());
        assertEquals("RE CAREC-TND-R023", waived.mls().orElseThrow().shortText());
        String id = waived.messageId().orElseThrow();
        AccessPoint georgia = network.accessPoint("GE");
        assertEquals(
                org.silkgate.ap.journal.MessageState.REJECTED,
                georgia.journal()
                        .find(org.silkgate.ap.journal.Direction.INBOUND, id)
                        .orElseThrow()
                        .state());
        assertTrue(Files.notExists(network.inboxDocument(waived.document(), id)));
        for (DocumentOutcome delivered : story.outcomes()) {
            if (delivered.document().shouldArrive()) {
                assertEquals(
                        "AP",
                        delivered.mls().orElseThrow().code(),
                        delivered.document().label());
            }
        }
    }

    @Test
    @DisplayName(
            "each access point's month reaches the CAREC Secretariat as TSR and EUSR, whose table counts every delivered document once")
    void theSecretariatsTableCountsEveryDeliveredDocumentOnce() {
        ReportsRound.Result reports =
                ReportsRound.run(network, java.time.YearMonth.now(java.time.ZoneOffset.UTC), Duration.ofSeconds(60));

        assertTrue(reports.complete(), reports.problem().orElse(""));
        assertEquals(3, reports.reports().size());
        var table = reports.statistics().orElseThrow();
        long documents = 0;
        for (var row : table.path("rows")) documents += row.path("documents").asLong();
        assertEquals(story.deliveries(), documents, table.toPrettyString());
        boolean tenderFromKazakhstan = false;
        for (var row : table.path("rows")) {
            if (row.path("documentType").asText().contains("::Tender##")) {
                tenderFromKazakhstan = row.path("senderCountry").asText().equals("KZ")
                        && row.path("receiverCountry").asText().equals("GE")
                        && row.path("documents").asLong() == 1;
            }
        }
        assertTrue(tenderFromKazakhstan, "one Tender KZ → GE (the rejected one is not counted): " + table);
    }

    @Test
    @DisplayName("gives every access point a console operator whose password signs in, as --keep-running prints it")
    void everyAccessPointHasAConsoleOperator() {
        for (String country : Participants.COUNTRIES) {
            AccessPoint ap = network.accessPoint(country);
            var operators = new org.silkgate.ap.clients.Operators(
                    ap.journal().database(), ap.journal().audit(), java.time.Clock.systemUTC());
            String password = network.consolePassword(country);
            assertEquals(password, network.consolePassword(country), "created once");
            assertTrue(operators
                    .signIn(DemoNetwork.CONSOLE_OPERATOR, password.toCharArray(), "127.0.0.1")
                    .isPresent());
            assertTrue(operators
                    .signIn(DemoNetwork.CONSOLE_OPERATOR, "not-the-password".toCharArray(), "127.0.0.1")
                    .isEmpty());
        }
    }

    @Test
    @DisplayName("ends the demo's report with the refused rule in the chosen language and 'delivered: 13 of 13'")
    void reportsTheOutcome() {
        String report = StoryReport.render(story, Language.RU);
        List<String> lines = report.lines().toList();
        assertEquals("delivered: 13 of 13", lines.get(lines.size() - 1));
        assertEquals("rejected by the receiver as expected: 1 of 1", lines.get(lines.size() - 2));
        assertEquals("refused as expected: 1 of 1", lines.get(lines.size() - 3));
        assertTrue(report.contains("refused at SG-AP-KZ-001, Invoice (broken) [ru]:"), report);
        assertTrue(report.contains("  BR-CO-15: "), report);
        for (StoryDocument document : DemoStory.documents()) {
            assertTrue(
                    report.lines().anyMatch(line -> line.startsWith(document.label() + " ")),
                    document.label() + " has a row");
        }
        assertTrue(report.lines().noneMatch(line -> line.startsWith("✗")), report);
    }

    @Test
    @DisplayName("registers every receiver of the story in the registry, routed to its country's access point")
    void registersEveryReceiverAtItsAccessPoint() throws Exception {
        List<StoryDocument> arriving = DemoStory.documents().stream()
                .filter(StoryDocument::shouldArrive)
                .toList();
        for (StoryDocument document : arriving) {
            AccessPoint receiving = network.accessPoint(document.to().country());
            HttpResponse<String> answer =
                    network.registryClient().lookup(document.receiverId(), DocumentIdentifiers.of(document.content()));
            assertEquals(
                    200,
                    answer.statusCode(),
                    document.label() + " for " + document.receiverId() + ": " + answer.body());
            assertTrue(
                    answer.body().contains("<wsa:Address>" + receiving.as4Url() + "</wsa:Address>")
                            || answer.body().contains(">" + receiving.as4Url() + "<"),
                    document.label() + " should be routed to " + receiving.as4Url() + ": " + answer.body());
            assertTrue(
                    answer.body()
                            .contains(Base64.getEncoder()
                                    .encodeToString(receiving.certificate().getEncoded())),
                    document.label() + " should carry the certificate of " + receiving.id());
            assertTrue(answer.body().contains("Signature"), "the registry signs its answer for " + document.label());
        }
        assertEquals(
                arriving.stream()
                        .map(d -> d.receiverId() + " "
                                + DocumentIdentifiers.of(d.content()).documentType())
                        .distinct()
                        .count(),
                network.registrations());
    }

    @Test
    @DisplayName(
            "starts the registry and the three access points of the Middle Corridor over TLS, each serving its own participants")
    void startsTheThreeAccessPoints() {
        assertEquals(
                List.of("KZ", "AZ", "GE"), List.copyOf(network.accessPoints().keySet()));
        assertTrue(
                network.registry().baseUrl().startsWith("https://127.0.0.1:"),
                "the registry serves TLS: " + network.registry().baseUrl());
        for (String country : Participants.COUNTRIES) {
            AccessPoint ap = network.accessPoint(country);
            assertEquals(Participants.apId(country), ap.id());
            assertTrue(ap.baseUrl().startsWith("https://127.0.0.1:"), ap.baseUrl());
            assertTrue(ap.as4Url().startsWith("https://127.0.0.1:"), ap.as4Url());
            for (Participant participant : Participants.servedIn(country)) {
                assertTrue(
                        ap.config()
                                .servedParticipants()
                                .containsAll(participant.identifiers().stream()
                                        .map(ParticipantId::parse)
                                        .toList()),
                        ap.id() + " should serve " + participant.name());
            }
        }
        assertEquals(
                3,
                network.accessPoints().values().stream()
                        .map(AccessPoint::baseUrl)
                        .distinct()
                        .count(),
                "each access point listens on its own port");
    }

    /**
     * The document without comments and without whitespace-only text between elements: what a UBL reader sees. (The
     * access point re-serialises the business document it takes out of the SBDH, so the bytes may differ.)
     */
    private static Element elementContent(byte[] xml) throws Exception {
        Document document = SecureXml.standard().parse(xml);
        strip(document.getDocumentElement());
        document.normalizeDocument();
        return document.getDocumentElement();
    }

    private static void strip(Node node) {
        Node child = node.getFirstChild();
        while (child != null) {
            Node next = child.getNextSibling();
            boolean blank = child.getNodeType() == Node.TEXT_NODE
                    && child.getTextContent().isBlank();
            if (blank || child.getNodeType() == Node.COMMENT_NODE) node.removeChild(child);
            else strip(child);
            child = next;
        }
    }
}
