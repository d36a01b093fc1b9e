package org.silkgate.ap.journal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.silkgate.ap.model.DocumentTypeId;
import org.silkgate.ap.model.Envelope;
import org.silkgate.ap.model.ParticipantId;
import org.silkgate.ap.model.ProcessId;

/** What every journal database must do; subclasses open it on H2 and on PostgreSQL. */
abstract class JournalContract {
    private static final ParticipantId BUYER = ParticipantId.parse("iso6523-actorid-upis::9972:204493002");
    private static final ParticipantId SUPPLIER = ParticipantId.parse("iso6523-actorid-upis::9970:980540001256");

    abstract Journal journal();

    /** A tender KZ supplier to GE buyer, ACCEPTED when outbound and RECEIVED from the Kazakh AP when inbound. */
    static MessageRecord record(Direction direction, String id, Instant at) {
        Envelope envelope = new Envelope(
                "sbdh-" + id,
                SUPPLIER,
                BUYER,
                DocumentTypeId.parse(
                        "busdox-docid-qns::urn:oasis:names:specification:ubl:schema:xsd:Tender-2::Tender##urn:fdc:silkgate.carec:2026:tendering:1.0::2.4"),
                ProcessId.parse("cenbii-procid-ubl::urn:fdc:silkgate.carec:2026:tendering:01:1.0"),
                "KZ");
        MessageRecord.Content content = new MessageRecord.Content(1234, 2345, "ab".repeat(32));
        return direction == Direction.OUTBOUND
                ? MessageRecord.accepted(id, envelope, content, at)
                : MessageRecord.received(id, envelope, "SG-AP-KZ-001", "cd".repeat(32), content, at);
    }

    @Test
    void whatThePeppolReportsNeedIsKeptWithTheMessage() {
        String id = UUID.randomUUID() + "@test";
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        assertTrue(journal().insert(record(Direction.INBOUND, id, now).handledBy("SG-AP-GE-001")));
        assertTrue(journal().insert(record(Direction.OUTBOUND, id, now).handledBy("SG-AP-KZ-001")));

        MessageRecord.Reporting received =
                journal().current(Direction.INBOUND, id).orElseThrow().reporting();
        assertEquals(Optional.of("GE"), received.countryC4(), "the receiver's ICD 9972 names Georgia");
        assertEquals("peppol-transport-as4-v2_0", received.transportProtocol());
        assertEquals(Optional.of("SG-AP-GE-001"), received.accessPoint());
        MessageRecord.Reporting sent =
                journal().current(Direction.OUTBOUND, id).orElseThrow().reporting();
        assertEquals(Optional.empty(), sent.countryC4(), "the sending side does not know C4");
        assertEquals(Optional.of("SG-AP-KZ-001"), sent.accessPoint());
    }

    @Test
    void theConsolesSearchFiltersEachWayPagesNewestFirstAndTheHoursAreCounted() {
        // an hour of its own, years back, so that the other tests' messages stay out of it
        Instant hour =
                Instant.parse("2001-01-01T00:00:00Z").plus(new java.util.Random().nextInt(100_000), ChronoUnit.HOURS);
        List<String> outbound = new java.util.ArrayList<>();
        for (int i = 0; i < 5; i++) {
            String id = UUID.randomUUID() + "@test";
            assertTrue(journal().insert(record(Direction.OUTBOUND, id, hour.plusSeconds(60L * i))));
            outbound.add(id);
        }
        String inbound = UUID.randomUUID() + "@test";
        assertTrue(journal().insert(record(Direction.INBOUND, inbound, hour.plusSeconds(3600 + 10))));
        journal().failed(outbound.get(1), "no endpoint");
        MessageSearch twoHours = new MessageSearch(
                Optional.empty(),
                Optional.empty(),
                Set.of(),
                Optional.empty(),
                Optional.of(hour),
                Optional.of(hour.plus(2, ChronoUnit.HOURS)));

        assertEquals(
                List.of(inbound, outbound.get(4), outbound.get(3), outbound.get(2), outbound.get(1), outbound.get(0)),
                ids(journal().search(twoHours, 0, 10)));
        assertEquals(List.of(outbound.get(3), outbound.get(2)), ids(journal().search(twoHours, 2, 2)));
        assertEquals(
                List.of(outbound.get(1)),
                ids(journal()
                        .search(
                                new MessageSearch(
                                        Optional.of(Direction.OUTBOUND),
                                        Optional.of(MessageState.FAILED),
                                        Set.of(BUYER),
                                        Optional.of("Tender-2"),
                                        twoHours.from(),
                                        twoHours.until()),
                                0,
                                10)));
        assertEquals(
                List.of(),
                ids(journal()
                        .search(
                                new MessageSearch(
                                        Optional.empty(),
                                        Optional.empty(),
                                        Set.of(ParticipantId.parse("9972:999999999")),
                                        Optional.empty(),
                                        twoHours.from(),
                                        twoHours.until()),
                                0,
                                10)));
        for (String notInTheType : List.of("Invoice", "%", "Tender_2")) {
            assertEquals(
                    List.of(),
                    ids(journal()
                            .search(
                                    new MessageSearch(
                                            Optional.empty(),
                                            Optional.empty(),
                                            Set.of(),
                                            Optional.of(notInTheType),
                                            twoHours.from(),
                                            twoHours.until()),
                                    0,
                                    10)),
                    notInTheType + " is matched literally");
        }
        assertEquals(
                List.of(inbound),
                ids(journal()
                        .search(
                                new MessageSearch(
                                        Optional.of(Direction.INBOUND),
                                        Optional.empty(),
                                        Set.of(),
                                        Optional.empty(),
                                        twoHours.from(),
                                        twoHours.until()),
                                0,
                                10)));

        long[][] perHour = journal().hourlyCounts(hour, 2);
        assertEquals(
                List.of(5L, 0L),
                List.of(perHour[Direction.OUTBOUND.ordinal()][0], perHour[Direction.OUTBOUND.ordinal()][1]));
        assertEquals(
                List.of(0L, 1L),
                List.of(perHour[Direction.INBOUND.ordinal()][0], perHour[Direction.INBOUND.ordinal()][1]));
    }

    private static List<String> ids(List<MessageRecord> records) {
        return records.stream().map(MessageRecord::messageId).toList();
    }

    @Test
    void aMessageIsJournaledOncePerDirectionAndASecondInsertIsRecognisedAsDuplicate() {
        String id = UUID.randomUUID() + "@test";
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);

        assertTrue(journal().insert(record(Direction.OUTBOUND, id, now)));
        assertFalse(journal().insert(record(Direction.OUTBOUND, id, now)));
        assertTrue(journal().insert(record(Direction.INBOUND, id, now)), "an AP may send to itself");

        MessageRecord found = journal().find(Direction.OUTBOUND, id).orElseThrow();
        assertEquals("sbdh-" + id, found.envelope().instanceIdentifier());
        assertEquals(1234, found.content().documentSize());
        assertEquals(now, found.createdAt());
        assertEquals(
                List.of(MessageState.ACCEPTED),
                found.history().stream().map(MessageRecord.StateChange::state).toList());
        assertEquals(2, journal().find(id).size());
    }

    @Test
    void stateChangesAreRecordedWithReasonsAttemptsAndTheNextAttempt() {
        String id = UUID.randomUUID() + "@test";
        journal().insert(record(Direction.OUTBOUND, id, Instant.now()));
        Instant due = Instant.now().plus(Duration.ofMinutes(1)).truncatedTo(ChronoUnit.MILLIS);

        journal().retrying(id, "connection refused", due);
        journal().sent(id, "SG-AP-GE-001");

        MessageRecord sent = journal().find(Direction.OUTBOUND, id).orElseThrow();
        assertEquals(MessageState.SENT, sent.state());
        assertEquals(2, sent.attempts());
        assertEquals(Optional.of("SG-AP-GE-001"), sent.peerAp());
        assertEquals(Optional.empty(), sent.nextAttemptAt());
        assertEquals(
                List.of(MessageState.ACCEPTED, MessageState.RETRYING, MessageState.SENT),
                sent.history().stream().map(MessageRecord.StateChange::state).toList());
        assertEquals(Optional.of("connection refused"), sent.history().get(1).reason());
    }

    @Test
    void aFailedMessageIsReopenedByAResendWithoutCountingAnAttempt() {
        String id = UUID.randomUUID() + "@test";
        journal().insert(record(Direction.OUTBOUND, id, Instant.now()));

        journal().failed(id, "no endpoint");
        journal().reopened(id, "resend requested", "operator");

        MessageRecord reopened = journal().find(Direction.OUTBOUND, id).orElseThrow();
        assertEquals(MessageState.ACCEPTED, reopened.state());
        assertEquals(1, reopened.attempts());
        assertEquals(
                List.of(MessageState.ACCEPTED, MessageState.FAILED, MessageState.ACCEPTED),
                reopened.history().stream()
                        .map(MessageRecord.StateChange::state)
                        .toList());
        assertEquals(Optional.of("resend requested"), reopened.reason());
    }

    @Test
    void messagesAreListedByStateParticipantAndTime() {
        Instant start = Instant.now().minusSeconds(1);
        String waiting = UUID.randomUUID() + "@test";
        journal().insert(record(Direction.INBOUND, waiting, Instant.now()));

        assertTrue(
                journal().list(Optional.of(MessageState.RECEIVED), Optional.of(BUYER), Optional.of(start), 100).stream()
                        .anyMatch(r -> r.messageId().equals(waiting)));
        assertTrue(
                journal().list(Optional.of(MessageState.DELIVERED), Optional.empty(), Optional.of(start), 100).stream()
                        .noneMatch(r -> r.messageId().equals(waiting)));
        assertTrue(journal()
                .list(Optional.empty(), Optional.of(ParticipantId.parse("0088:4860000000013")), Optional.empty(), 100)
                .isEmpty());
        assertTrue(journal()
                .idsInState(Direction.INBOUND, MessageState.RECEIVED, 1000)
                .contains(waiting));
        assertTrue(
                journal().countByState().stream().anyMatch(c -> c.state() == MessageState.RECEIVED && c.count() >= 1));
    }

    @Test
    void concurrentWritesThatShareACommitAreEachKeptAndADuplicateOrUnknownMessageFailsOnlyItself() throws Exception {
        List<String> ids = java.util.stream.IntStream.range(0, 120)
                .mapToObj(i -> UUID.randomUUID() + "@batch")
                .toList();
        var pool = java.util.concurrent.Executors.newFixedThreadPool(12);
        try {
            List<java.util.concurrent.Future<Boolean>> inserts = new java.util.ArrayList<>();
            for (String id : ids)
                inserts.add(pool.submit(() -> journal().insert(record(Direction.INBOUND, id, Instant.now()))));
            // each id a second time, concurrently with the first round: exactly one of the two inserts wins
            List<java.util.concurrent.Future<Boolean>> repeats = new java.util.ArrayList<>();
            for (String id : ids)
                repeats.add(pool.submit(() -> journal().insert(record(Direction.INBOUND, id, Instant.now()))));
            List<java.util.concurrent.Future<?>> unknown = new java.util.ArrayList<>();
            for (int i = 0; i < 20; i++) {
                unknown.add(pool.submit(() -> journal().delivered(UUID.randomUUID() + "@nowhere")));
            }
            for (int i = 0; i < ids.size(); i++) {
                assertTrue(
                        inserts.get(i).get() ^ repeats.get(i).get(),
                        "exactly one insert of " + ids.get(i) + " succeeds");
            }
            for (var refused : unknown) {
                var failure = org.junit.jupiter.api.Assertions.assertThrows(
                        java.util.concurrent.ExecutionException.class, refused::get);
                assertTrue(failure.getCause() instanceof Journal.JournalException, String.valueOf(failure.getCause()));
            }
            // each id delivered twice at once (a re-queued id beside the original): one records it, the other learns
            List<java.util.concurrent.Future<Boolean>> delivered = new java.util.ArrayList<>();
            List<java.util.concurrent.Future<Boolean>> deliveredAgain = new java.util.ArrayList<>();
            for (String id : ids) {
                delivered.add(pool.submit(() -> journal().delivered(id)));
                deliveredAgain.add(pool.submit(() -> journal().delivered(id)));
            }
            for (int i = 0; i < ids.size(); i++) {
                assertTrue(
                        delivered.get(i).get() ^ deliveredAgain.get(i).get(),
                        "exactly one of two deliveries of " + ids.get(i) + " records it");
            }
        } finally {
            pool.shutdownNow();
        }
        for (String id : ids) {
            MessageRecord record = journal().find(Direction.INBOUND, id).orElseThrow();
            assertEquals(
                    List.of(MessageState.RECEIVED, MessageState.DELIVERED),
                    record.history().stream()
                            .map(MessageRecord.StateChange::state)
                            .toList(),
                    id);
        }
    }
}
