package org.silkgate.conformance;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.silkgate.conformance.cases.CaseContext;
import org.silkgate.conformance.cases.CaseResult;
import org.silkgate.conformance.cases.ConformanceCase;
import org.silkgate.conformance.cases.ProfileCases;
import org.silkgate.conformance.cases.SendingIdentities;
import org.silkgate.conformance.cases.Target;
import org.silkgate.network.PkiTls;

/**
 * Cases that pass against SilkGate must also be able to fail: each is pointed here at a target that misbehaves the way
 * the case looks for, and must fail naming what it saw.
 */
@ExtendWith(SharedNetwork.class)
class CasesCanFailTest {
    @TempDir
    Path temp;

    @Test
    void tls11RefusedFailsAgainstAJdkListenerThatStillSpeaksTls11() throws Exception {
        // the JDK's default list without TLSv1 and TLSv1.1: what an operator re-enabling them would run with
        Path security = Files.writeString(
                temp.resolve("tls11.security"),
                "jdk.tls.disabledAlgorithms=SSLv3, RC4, DES, MD5withRSA, DH keySize < 1024, EC keySize < 224,"
                        + " 3DES_EDE_CBC, anon, NULL\n");
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Path keystore = PkiTls.anyServerKeystore(SharedNetwork.network().pkiDir());
        Process server = new ProcessBuilder(List.of(
                        java.toString(),
                        "-Djava.security.properties=" + security,
                        "-cp",
                        System.getProperty("java.class.path"),
                        LegacyTlsServer.class.getName(),
                        keystore.toString()))
                .redirectErrorStream(true)
                .start();
        try {
            String port = new BufferedReader(new InputStreamReader(server.getInputStream(), StandardCharsets.UTF_8))
                    .readLine();
            assertTrue(port != null && port.matches("\\d+"), "the legacy TLS listener did not start: " + port);
            CaseResult result = run("tls-1.1-refused", targetAt("https://localhost:" + port), identities());
            assertFalse(result.passed(), result.evidence());
            assertTrue(result.evidence().contains("ServerHello negotiating TLS 1.1"), result.evidence());
            assertTrue(
                    result.evidence().contains("control handshake limited to TLS 1.2 with the kit's trust: TLSv1.2"),
                    "the control succeeded, so the failure is the TLS 1.1 handshake's: " + result.evidence());
        } finally {
            server.destroy();
            server.waitFor(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void tls11RefusedFailsWhenTheControlHandshakeFails() throws Exception {
        // a listener that closes every connection refuses TLS 1.1 too, but proves nothing
        try (java.net.ServerSocket closing =
                new java.net.ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress())) {
            Thread acceptor = new Thread(() -> {
                while (!closing.isClosed()) {
                    try {
                        closing.accept().close();
                    } catch (java.io.IOException stopped) {
                        return;
                    }
                }
            });
            acceptor.setDaemon(true);
            acceptor.start();
            CaseResult result =
                    run("tls-1.1-refused", targetAt("https://localhost:" + closing.getLocalPort()), identities());
            assertFalse(result.passed(), result.evidence());
            assertTrue(result.evidence().contains("control TLS 1.2 handshake"), result.evidence());
        }
    }

    @Test
    void squattedMessageIdFailsWhenTheSecondSignerIsTakenForTheFirst() {
        // Signing the second message with the first one's key is what a target that ignores the signer would see:
        // an ordinary duplicate, which SilkGate acknowledges with a receipt. The case must not take that for a refusal.
        SendingIdentities proper = identities();
        SendingIdentities sameSigner = new SendingIdentities(
                proper.sender(), proper.sender(), proper.revoked(), proper.expired(), proper.untrusted());
        CaseResult result = run("squatted-message-id-refused", SharedNetwork.georgianTarget(), sameSigner);
        assertFalse(result.passed(), result.evidence());
        assertTrue(result.evidence().contains("eb:Receipt"), result.evidence());
    }

    @Test
    void theOtherSendingKeyIsNeitherTheTargetsNorTheSenders() {
        SendingIdentities identities = identities();
        Target target = SharedNetwork.georgianTarget();
        assertFalse(identities.other().certificate().equals(target.certificate()));
        assertFalse(identities.other().certificate().equals(identities.sender().certificate()));
        assertFalse(
                identities.other().apId().equals(identities.sender().apId()),
                identities.other().apId());
    }

    @Test
    void apiCasesFailAsNotRunWithoutTheApi() {
        Target georgia = SharedNetwork.georgianTarget();
        Target withoutApi = new Target(
                georgia.as4Url(),
                georgia.certificate(),
                georgia.sender(),
                georgia.receiver(),
                georgia.unservedReceiver(),
                georgia.deliveries(),
                georgia.maxMessageBytes(),
                georgia.maxPayloadBytes(),
                java.util.Optional.empty());
        for (String id : List.of(
                "api-without-token-401",
                "api-foreign-participant-403",
                "mls-accepted-for-valid-document",
                "mls-rejected-names-rule",
                "mls-never-answers-an-mls",
                "mls-failure-only-success-sends-none")) {
            CaseResult result = run(id, withoutApi, identities());
            assertFalse(result.passed(), id);
            assertTrue(result.evidence().startsWith("not run: "), result.evidence());
        }
    }

    @Test
    void mlsAcceptedFailsWhenTheTargetShowsNoStatusForTheDeliveredTender() throws Exception {
        // Georgia delivers the Tender and answers it; the relay hides that answer, as a target sending no MLS shows
        try (RewritingApi noStatus = new RewritingApi(api(), pki(), record -> {
            if (record.path("direction").asText().equals("INBOUND")) record.remove("mls");
            return record;
        })) {
            CaseResult result = run("mls-accepted-for-valid-document", noStatus.in(georgia()), identities());
            assertFailed(result);
            assertTrue(result.evidence().contains("mls none"), result.evidence());
        }
    }

    @Test
    void mlsRejectedFailsWhenTheTargetAnsweredTheInvalidTenderWithAp() throws Exception {
        try (RewritingApi acceptedInstead = new RewritingApi(api(), pki(), record -> {
            if (record.path("mls").isObject()) ((ObjectNode) record.get("mls")).put("status", "AP");
            return record;
        })) {
            CaseResult result = run("mls-rejected-names-rule", acceptedInstead.in(georgia()), identities());
            assertFailed(result);
            assertTrue(result.evidence().contains("\"status\":\"AP\""), result.evidence());
        }
    }

    @Test
    void mlsNeverAnswersAnMlsFailsWhenTheTargetAnsweredIt() throws Exception {
        try (RewritingApi answered = new RewritingApi(api(), pki(), record -> {
            if (record.path("mls").isObject())
                ((ObjectNode) record.get("mls")).put("messageId", "answered@sg-ap-ge-001");
            return record;
        })) {
            CaseResult result = run("mls-never-answers-an-mls", answered.in(georgia()), identities());
            assertFailed(result);
            assertTrue(result.evidence().contains("answered@sg-ap-ge-001"), result.evidence());
        }
    }

    @Test
    void mlsFailureOnlyFailsWhenTheTargetSentAnApAnyway() throws Exception {
        try (RewritingApi sentAnyway = new RewritingApi(api(), pki(), record -> {
            if (record.path("direction").asText().equals("INBOUND")
                    && record.path("mls").isObject())
                ((ObjectNode) record.get("mls")).put("status", "AP").put("messageId", "sent@sg-ap-ge-001");
            return record;
        })) {
            CaseResult result = run("mls-failure-only-success-sends-none", sentAnyway.in(georgia()), identities());
            assertFailed(result);
            assertTrue(result.evidence().contains("sent@sg-ap-ge-001"), result.evidence());
        }
    }

    @Test
    void againstATargetRefusingInvalidDocumentsTheMlsRejectionCaseDoesNotApplyAndTheAs4OneHolds() {
        // Kazakhstan runs --invalid-documents REJECT: the two invalid-document cases split the policies between them
        Target kazakhstan = SharedNetwork.kazakhTarget();
        SendingIdentities sending =
                SendingIdentities.load(SharedNetwork.network().pkiDir(), kazakhstan.certificate());
        CaseResult respond = run("mls-rejected-names-rule", kazakhstan, sending);
        assertFalse(respond.applicable(), respond.evidence());
        assertFalse(respond.failed(), respond.evidence());
        assertTrue(respond.evidence().startsWith("not applicable: "), respond.evidence());
        assertTrue(respond.evidence().contains(CaseContext.INVALID_DOCUMENT_RULE), respond.evidence());
        CaseResult reject = run("invalid-business-document", kazakhstan, sending);
        assertTrue(reject.passed(), reject.evidence());
    }

    private static void assertFailed(CaseResult result) {
        assertTrue(result.applicable(), "the case applies to Georgia (RESPOND): " + result.evidence());
        assertFalse(result.passed(), result.evidence());
    }

    private static Target georgia() {
        return SharedNetwork.georgianTarget();
    }

    private static Target.Api api() {
        return georgia().api().orElseThrow();
    }

    private static Path pki() {
        return SharedNetwork.network().pkiDir();
    }

    private static Target targetAt(String as4Url) {
        Target georgia = SharedNetwork.georgianTarget();
        return new Target(
                as4Url,
                georgia.certificate(),
                georgia.sender(),
                georgia.receiver(),
                georgia.unservedReceiver(),
                georgia.deliveries(),
                georgia.maxMessageBytes(),
                georgia.maxPayloadBytes(),
                georgia.api());
    }

    private static SendingIdentities identities() {
        return SendingIdentities.load(
                SharedNetwork.network().pkiDir(), SharedNetwork.georgianTarget().certificate());
    }

    private static CaseResult run(String id, Target target, SendingIdentities identities) {
        ConformanceCase conformanceCase = ProfileCases.all().stream()
                .filter(c -> c.id().equals(id))
                .findFirst()
                .orElseThrow();
        return conformanceCase.run(
                CaseContext.of(target, identities, SharedNetwork.network().pkiDir()));
    }
}
