package org.silkgate.network;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.silkgate.ap.AccessPoint;
import org.silkgate.ap.outbound.DocumentIdentifiers;

/** The demo network started once, in this process, exactly as {@code ./silkgate demo} starts it. */
class DemoNetworkTest {
    @TempDir
    static Path data;

    private static DemoNetwork network;

    @BeforeAll
    static void startNetwork() {
        network = DemoNetwork.start(NetworkOptions.demo(data), line -> { });
    }

    @AfterAll
    static void stopNetwork() {
        if (network != null) network.close();
    }

    @Test
    @DisplayName("registers every receiver of the story in the registry, routed to its country's access point")
    void registersEveryReceiverAtItsAccessPoint() throws Exception {
        List<StoryDocument> arriving = DemoStory.documents().stream().filter(StoryDocument::shouldArrive).toList();
        for (StoryDocument document : arriving) {
            AccessPoint receiving = network.accessPoint(document.to().country());
            HttpResponse<String> answer = network.registryClient().lookup(document.receiverId(),
                    DocumentIdentifiers.of(document.content()));
            assertEquals(200, answer.statusCode(), document.label() + " for " + document.receiverId() + ": " + answer.body());
            assertTrue(answer.body().contains("<wsa:Address>" + receiving.as4Url() + "</wsa:Address>")
                            || answer.body().contains(">" + receiving.as4Url() + "<"),
                    document.label() + " should be routed to " + receiving.as4Url() + ": " + answer.body());
            assertTrue(answer.body().contains(Base64.getEncoder().encodeToString(receiving.certificate().getEncoded())),
                    document.label() + " should carry the certificate of " + receiving.id());
            assertTrue(answer.body().contains("Signature"), "the registry signs its answer for " + document.label());
        }
        assertEquals(arriving.stream().map(d -> d.receiverId() + " " + DocumentIdentifiers.of(d.content()).documentType())
                .distinct().count(), network.registrations());
    }

    @Test
    @DisplayName("starts the three access points of the Middle Corridor, each serving its own participants")
    void startsTheThreeAccessPoints() {
        assertEquals(List.of("KZ", "AZ", "GE"), List.copyOf(network.accessPoints().keySet()));
        for (String country : Participants.COUNTRIES) {
            AccessPoint ap = network.accessPoint(country);
            assertEquals(Participants.apId(country), ap.id());
            assertTrue(ap.baseUrl().startsWith("http://127.0.0.1:"), ap.baseUrl());
            for (Participant participant : Participants.servedIn(country)) {
                assertTrue(ap.config().servedParticipants().containsAll(participant.identifiers()),
                        ap.id() + " should serve " + participant.name());
            }
        }
        assertEquals(3, network.accessPoints().values().stream().map(AccessPoint::baseUrl).distinct().count(),
                "each access point listens on its own port");
    }
}
