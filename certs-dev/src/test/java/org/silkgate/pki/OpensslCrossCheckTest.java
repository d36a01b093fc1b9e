package org.silkgate.pki;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.silkgate.security.Keystores;

/**
 * The material passes an independent implementation: openssl. It must be installed (.ci/run installs it); a
 * missing openssl fails these tests rather than skipping them.
 */
class OpensslCrossCheckTest {

    private static Path pki;

    @BeforeAll
    static void createPki() throws Exception {
        if (Arrays.stream(System.getenv().getOrDefault("PATH", "").split(File.pathSeparator))
                .noneMatch(dir -> Files.isExecutable(Path.of(dir, "openssl")))) {
            fail("openssl is not on the PATH; the independent check of the PKI needs it (.ci/run installs it)");
        }
        pki = TestPki.shared();
    }

    @ParameterizedTest
    @ValueSource(strings = {"ap-KZ.pem", "ap-AZ.pem", "ap-GE.pem"})
    void opensslVerifiesEachAccessPointAgainstTheRootWithAndWithoutItsCrl(String pem) throws Exception {
        assertOk(openssl("verify", "-CAfile", "root-ca.pem", "-untrusted", "ap-ca.pem", pem));
        assertOk(openssl(
                "verify",
                "-crl_check",
                "-CRLfile",
                "ap-ca.crl",
                "-CAfile",
                "root-ca.pem",
                "-untrusted",
                "ap-ca.pem",
                pem));
    }

    @Test
    void opensslVerifiesTheSmpCertificateWithTheSmpCaCrl() throws Exception {
        assertOk(openssl(
                "verify",
                "-crl_check",
                "-CRLfile",
                "smp-ca.crl",
                "-CAfile",
                "root-ca.pem",
                "-untrusted",
                "smp-ca.pem",
                "smp.pem"));
    }

    @Test
    void opensslChecksTheCrlsOfTheWholeChainIncludingTheRootCrl() throws Exception {
        assertOk(openssl(
                "verify",
                "-crl_check_all",
                "-CRLfile",
                "root-ca.crl",
                "-CRLfile",
                "ap-ca.crl",
                "-CAfile",
                "root-ca.pem",
                "-untrusted",
                "ap-ca.pem",
                "ap-KZ.pem"));
    }

    @Test
    void opensslRejectsTheRevokedCertificateWhenCheckingTheCrl() throws Exception {
        assertOk(openssl("verify", "-CAfile", "root-ca.pem", "-untrusted", "ap-ca.pem", "ap-revoked.pem"));

        Result withCrl = openssl(
                "verify",
                "-crl_check",
                "-CRLfile",
                "ap-ca.crl",
                "-CAfile",
                "root-ca.pem",
                "-untrusted",
                "ap-ca.pem",
                "ap-revoked.pem");
        assertNotEquals(0, withCrl.exitCode());
        assertTrue(withCrl.output().contains("certificate revoked"), withCrl.output());
    }

    @Test
    void opensslRejectsTheExpiredAndTheUntrustedCertificate() throws Exception {
        Result expired = openssl("verify", "-CAfile", "root-ca.pem", "-untrusted", "ap-ca.pem", "ap-expired.pem");
        assertNotEquals(0, expired.exitCode());
        assertTrue(expired.output().contains("certificate has expired"), expired.output());

        Result untrusted = openssl("verify", "-CAfile", "root-ca.pem", "-untrusted", "ap-ca.pem", "ap-untrusted.pem");
        assertNotEquals(0, untrusted.exitCode());
        assertTrue(untrusted.output().contains("unable to get local issuer certificate"), untrusted.output());
    }

    @ParameterizedTest
    @ValueSource(strings = {"tls-KZ.pem", "tls-AZ.pem", "tls-GE.pem", "tls-smp.pem"})
    void opensslVerifiesEachTlsCertificateAsAServerForLocalhostAndTheLoopbackAddress(String pem) throws Exception {
        for (String name : List.of("-verify_hostname=localhost", "-verify_ip=127.0.0.1")) {
            String[] check = name.split("=");
            assertOk(openssl(
                    "verify",
                    "-purpose",
                    "sslserver",
                    check[0],
                    check[1],
                    "-crl_check",
                    "-CRLfile",
                    "tls-ca.crl",
                    "-CAfile",
                    "root-ca.pem",
                    "-untrusted",
                    "tls-ca.pem",
                    pem));
        }
        Result otherHost = openssl(
                "verify",
                "-purpose",
                "sslserver",
                "-verify_hostname",
                "ap-kz.silkgate.example",
                "-CAfile",
                "root-ca.pem",
                "-untrusted",
                "tls-ca.pem",
                pem);
        assertNotEquals(0, otherHost.exitCode());
        assertTrue(otherHost.output().contains("hostname mismatch"), otherHost.output());
    }

    @Test
    void opensslRefusesATlsCertificateAsAClient() throws Exception {
        Result asClient = openssl(
                "verify", "-purpose", "sslclient", "-CAfile", "root-ca.pem", "-untrusted", "tls-ca.pem", "tls-KZ.pem");

        assertNotEquals(0, asClient.exitCode());
        assertTrue(asClient.output().contains("certificate purpose"), asClient.output());
    }

    @Test
    void opensslOpensTheAccessPointKeystoreAndFindsTheKeyOfItsCertificate(@TempDir Path work) throws Exception {
        Path passwordFile = work.resolve("password");
        Files.write(
                passwordFile,
                new String(Keystores.password(pki.resolve("ap-KZ.p12"), Optional.empty()))
                        .getBytes(StandardCharsets.UTF_8));
        Path keyPem = work.resolve("key.pem");

        assertOk(openssl(
                "pkcs12",
                "-in",
                "ap-KZ.p12",
                "-passin",
                "file:" + passwordFile,
                "-nocerts",
                "-nodes",
                "-out",
                keyPem.toString()));
        Result keyModulus = openssl("rsa", "-in", keyPem.toString(), "-noout", "-modulus");
        Result certModulus = openssl("x509", "-in", "ap-KZ.pem", "-noout", "-modulus");
        assertOk(keyModulus);
        assertEquals(certModulus.output(), keyModulus.output());
    }

    private record Result(int exitCode, String output) {}

    private static void assertOk(Result result) {
        assertEquals(0, result.exitCode(), result.output());
    }

    private static Result openssl(String... arguments) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("openssl"));
        command.addAll(List.of(arguments));
        Process process = new ProcessBuilder(command)
                .directory(pki.toFile())
                .redirectErrorStream(true)
                .start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            fail("openssl did not finish: " + command);
        }
        return new Result(process.exitValue(), output);
    }
}
