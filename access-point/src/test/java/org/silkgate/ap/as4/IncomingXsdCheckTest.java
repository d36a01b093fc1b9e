package org.silkgate.ap.as4;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.silkgate.ap.TestNetwork;
import org.silkgate.ap.model.SbdhEnvelope;
import org.silkgate.ap.outbound.OutboundPreparation;
import org.silkgate.schemas.xml.SecureXml;
import org.w3c.dom.Document;

/** The schema checks that replace phase4's per-document validation; valid headers pass in every exchange test. */
class IncomingXsdCheckTest {
    private static final String SOAP = "http://www.w3.org/2003/05/soap-envelope";
    private static final String EBMS = "http://docs.oasis-open.org/ebxml-msg/ebms/v3.0/ns/core/200704/";

    @Test
    void aUserMessageWithoutMessageInfoIsNamedAsNotMatchingTheEbmsSchema() throws Exception {
        Document envelope = soap("<eb:Messaging xmlns:eb=\"" + EBMS
                + "\"><eb:UserMessage><eb:PartyInfo/></eb:UserMessage></eb:Messaging>");

        Optional<String> problem = IncomingXsdCheck.messagingHeaderProblem(envelope);

        assertTrue(problem.isPresent());
        assertTrue(
                problem.get().startsWith("the ebMS header does not match its schema")
                        && problem.get().contains("PartyInfo"),
                problem.get());
    }

    @Test
    void anEnvelopeWithoutAnEbmsHeaderIsNamedAsSuch() throws Exception {
        assertEquals(
                Optional.of("the SOAP header has no eb:Messaging element"),
                IncomingXsdCheck.messagingHeaderProblem(soap("")));
    }

    @Test
    void theSameThreadChecksAgainAfterAFailureAndAcceptsAValidSbdh() throws Exception {
        assertTrue(SbdhEnvelope.schemaProblem(
                        SecureXml.standard().parse("<StandardBusinessDocument/>".getBytes(StandardCharsets.UTF_8)))
                .isPresent());
        Document sbdh = SecureXml.standard()
                .parse(new OutboundPreparation(TestNetwork.KZ_AP, "KZ", Clock.systemUTC())
                        .prepare(TestNetwork.document("tender.xml"), TestNetwork.KZ_SUPPLIER, TestNetwork.GE_BUYER)
                        .sbdh());

        assertEquals(Optional.empty(), SbdhEnvelope.schemaProblem(sbdh));
        assertEquals(Optional.empty(), SbdhEnvelope.schemaProblem(sbdh));
    }

    private static Document soap(String header) throws Exception {
        return SecureXml.standard()
                .parse(("<S:Envelope xmlns:S=\"" + SOAP + "\"><S:Header>" + header
                                + "</S:Header><S:Body/></S:Envelope>")
                        .getBytes(StandardCharsets.UTF_8));
    }
}
