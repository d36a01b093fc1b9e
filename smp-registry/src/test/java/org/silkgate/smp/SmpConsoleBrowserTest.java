package org.silkgate.smp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.helger.peppol.smp.ESMPTransportProfile;
import com.helger.peppolid.factory.PeppolIdentifierFactory;
import com.helger.smpclient.peppol.SMPClientReadOnly;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.silkgate.console.ConsoleText;
import org.silkgate.console.testing.HeadlessChromium;
import org.silkgate.smp.console.SmpConsoleServlet;
import org.silkgate.smp.users.IcdScope;

/**
 * The SMP registry's operator console in Debian's Chromium, headless, on one registry over HTTPS: a participant
 * registered with its business card and service metadata through the forms and resolved by an independent Peppol SMP
 * client (signature checked), its access point's certificate changed in bulk after a preview and resolved again,
 * hidden from another operator, the refusals (wrong password, no CSRF token), Russian and Chinese. Takes the README's
 * screenshot. Skipped, saying so, where Chromium or its driver is not installed.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SmpConsoleBrowserTest {
    private static final String OPERATOR = "dilnoza";
    private static final String OTHER = "bobur";
    private static final String PASSWORD = "silk-road-2026";
    private static final String PARTICIPANT = "9971:207001234";

    @TempDir
    static Path data;

    private static SmpServer smp;
    private static HeadlessChromium chromium;
    private static WebDriver browser;
    private static String console;
    private static X509Certificate kazakhAp;
    private static X509Certificate azerbaijaniAp;
    private static SSLContext tls;

    @BeforeAll
    static void startTheRegistryAndTheBrowser() throws Exception {
        HeadlessChromium.assumeInstalled();
        Path keystore = DevPkiForTests.smpKeystore();
        smp = SmpServer.start(SmpConfig.defaults(data, keystore).withTls(keystore, null));
        smp.users().add(OPERATOR, PASSWORD.toCharArray(), IcdScope.of("9971"));
        smp.users().add(OTHER, PASSWORD.toCharArray(), IcdScope.of("9971"));
        console = smp.baseUrl() + "/console";
        kazakhAp = DevPkiForTests.apCertificate("KZ");
        azerbaijaniAp = DevPkiForTests.apCertificate("AZ");
        TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trust.init(DevPkiForTests.truststore());
        tls = SSLContext.getInstance("TLS");
        tls.init(null, trust.getTrustManagers(), null);

        chromium = HeadlessChromium.start(1280, 900);
        browser = chromium.driver();
    }

    @AfterAll
    static void stopEverything() {
        if (chromium != null) chromium.close();
        if (smp != null) smp.close();
    }

    @Test
    @Order(1)
    void aWrongPasswordIsRefusedAndAudited() throws Exception {
        browser.manage().deleteAllCookies();
        browser.get(console + "/");
        waitFor(By.id("password"));
        assertTrue(browser.getCurrentUrl().endsWith("/console/signin"), browser.getCurrentUrl());
        long before = smp.audit().lastSeq();

        signInWith(OPERATOR, "not-the-password");

        assertEquals(
                words("en").get("signin.refused"),
                waitFor(By.id("signin-error")).getText());
        assertTrue(smp.audit().entries(before + 1, 100).stream()
                .anyMatch(e -> e.action().equals("login.refused") && OPERATOR.equals(e.subject())));
    }

    @Test
    @Order(2)
    void aParticipantRegisteredInTheConsoleIsResolvedSignedThroughThePublicReadApi() throws Exception {
        signIn(OPERATOR, "en");
        browser.findElement(By.linkText(words("en").get("nav.register"))).click();
        waitFor(By.id("participant")).sendKeys("9971:12");
        browser.findElement(By.id("name")).sendKeys("Samarkand Silk Mills");
        browser.findElement(By.id("register")).click();
        assertTrue(
                waitFor(By.id("participant-error")).getText().contains("9 digits"),
                "the identifier policy's refusal, next to the field");

        browser.findElement(By.id("participant")).clear();
        browser.findElement(By.id("participant")).sendKeys(PARTICIPANT);
        browser.findElement(By.id("register")).click();
        assertEquals(
                "iso6523-actorid-upis::" + PARTICIPANT,
                waitFor(By.id("participant-id")).getText());
        assertEquals("Samarkand Silk Mills", text("participant-name"));
        assertEquals("UZ", text("participant-country"), "the country from the ICD");

        browser.findElement(By.id("add-metadata")).click();
        waitFor(By.id("documentType")).sendKeys(SmpBodies.INVOICE);
        browser.findElement(By.id("process")).sendKeys(SmpBodies.BILLING);
        browser.findElement(By.id("url")).sendKeys("https://ap-kz.example/as4");
        browser.findElement(By.id("certificate")).sendKeys("not a certificate");
        browser.findElement(By.id("activation")).sendKeys("2026-01-01");
        browser.findElement(By.id("contact")).sendKeys("mailto:ops@ap-kz.example");
        browser.findElement(By.id("publish")).click();
        assertTrue(
                waitFor(By.id("certificate-error")).getText().contains("not an X.509 certificate"),
                text("certificate-error"));
        browser.findElement(By.id("certificate")).clear();
        browser.findElement(By.id("certificate")).sendKeys(pem(kazakhAp));
        browser.findElement(By.id("publish")).click();

        waitFor(By.cssSelector("td.endpoint-url"));
        assertEquals(
                "https://ap-kz.example/as4",
                browser.findElement(By.cssSelector("td.endpoint-url")).getText());
        assertEquals(
                kazakhAp.getSubjectX500Principal().getName(),
                browser.findElement(By.cssSelector("td.certificate-subject")).getText());
        assertEquals(kazakhAp, resolvedCertificate());

        browser.findElement(By.id("edit-card")).click();
        WebElement name = waitFor(By.id("name"));
        assertEquals("Samarkand Silk Mills", name.getAttribute("value"));
        name.clear();
        name.sendKeys("Samarkand Silk Mills JSC");
        browser.findElement(By.id("register")).click();
        assertEquals(
                "Samarkand Silk Mills JSC", waitFor(By.id("participant-name")).getText());

        browser.findElement(By.cssSelector("a.edit-metadata")).click();
        WebElement url = waitFor(By.id("url"));
        assertEquals("https://ap-kz.example/as4", url.getAttribute("value"), "the form holds the endpoint as it is");
        assertEquals(
                "mailto:ops@ap-kz.example",
                browser.findElement(By.id("contact")).getAttribute("value"));
        assertEquals("2026-01-01", browser.findElement(By.id("activation")).getAttribute("value"));
        url.clear();
        url.sendKeys("https://ap-kz.example/as4/v2");
        browser.findElement(By.id("publish")).click();
        assertEquals(
                "https://ap-kz.example/as4/v2",
                waitFor(By.cssSelector("td.endpoint-url")).getText());
        assertEquals(kazakhAp, resolvedCertificate(), "the certificate kept through the edit");

        browser.get(console + "/?q=samarkand&country=UZ");
        assertEquals(
                1,
                browser.findElements(By.cssSelector("#participants tbody tr")).size());
        browser.get(console + "/?q=samarkand&country=KZ");
        waitFor(By.id("no-participants"));
    }

    @Test
    @Order(3)
    void aBulkCertificateChangeIsPreviewedConfirmedAndResolvedWithTheNewCertificate() throws Exception {
        signIn(OPERATOR, "en");
        browser.findElement(By.linkText(words("en").get("nav.bulk"))).click();
        waitFor(By.id("target-CERTIFICATE")).click();
        browser.findElement(By.id("from")).sendKeys(pem(kazakhAp));
        browser.findElement(By.id("to")).sendKeys(pem(azerbaijaniAp));
        browser.findElement(By.id("preview")).click();

        assertEquals(
                words("en").format("bulk.count", 1),
                waitFor(By.id("bulk-count")).getText());
        assertTrue(text("bulk-changes").contains(PARTICIPANT), text("bulk-changes"));
        assertEquals(kazakhAp, resolvedCertificate(), "a preview changes nothing");

        browser.findElement(By.id("confirm")).click();
        assertEquals(
                words("en").format("bulk.done", 1), waitFor(By.id("bulk-done")).getText());
        assertEquals(azerbaijaniAp, resolvedCertificate());

        browser.get(console + "/participant?id="
                + URLEncoder.encode("iso6523-actorid-upis::" + PARTICIPANT, StandardCharsets.UTF_8));
        assertEquals(
                azerbaijaniAp.getSubjectX500Principal().getName(),
                waitFor(By.cssSelector("td.certificate-subject")).getText());
        screenshot("console-smp.png");
    }

    @Test
    @Order(4)
    void anotherOperatorDoesNotSeeTheParticipant() throws Exception {
        signIn(OTHER, "en");
        browser.get(console + "/");
        waitFor(By.id("no-participants"));
        browser.get(console + "/participant?id="
                + URLEncoder.encode("iso6523-actorid-upis::" + PARTICIPANT, StandardCharsets.UTF_8));
        assertEquals(
                words("en").get("notfound.text"),
                waitFor(By.cssSelector("main p")).getText());
    }

    @Test
    @Order(5)
    void formsWithoutTheSessionsCsrfTokenAreRefused() throws Exception {
        HttpResponse<String> signInPage = https("GET", "/signin", Optional.empty(), Optional.empty());
        String signInCookie = cookie(signInPage, SmpConsoleServlet.SIGN_IN_COOKIE);
        String signInToken = csrf(signInPage.body());
        String credentials = "name=" + OPERATOR + "&password=" + PASSWORD;
        assertEquals(
                403,
                https("POST", "/signin", Optional.of(signInCookie), Optional.of(credentials))
                        .statusCode());
        HttpResponse<String> signedIn =
                https("POST", "/signin", Optional.of(signInCookie), Optional.of(credentials + "&csrf=" + signInToken));
        assertEquals(303, signedIn.statusCode());
        String setCookie = signedIn.headers().allValues("Set-Cookie").stream()
                .filter(c -> c.startsWith(SmpConsoleServlet.SESSION_COOKIE + "="))
                .findFirst()
                .orElseThrow();
        for (String attribute : java.util.List.of("; Secure", "; HttpOnly", "; SameSite=Strict")) {
            assertTrue(setCookie.contains(attribute), setCookie);
        }
        String session = setCookie.substring(0, setCookie.indexOf(';'));
        String csrf = csrf(https("GET", "/register", Optional.of(session), Optional.empty())
                .body());
        String form = "participant=9971:207009999&name=Sneaky";
        assertEquals(
                403,
                https("POST", "/register", Optional.of(session), Optional.of(form))
                        .statusCode());
        assertEquals(
                403,
                https("POST", "/register", Optional.of(session), Optional.of(form + "&csrf=" + csrf + "x"))
                        .statusCode());
        HttpResponse<String> lookup = HttpClient.newBuilder()
                .sslContext(tls)
                .build()
                .send(
                        HttpRequest.newBuilder(
                                        URI.create(smp.baseUrl() + SmpRegistryContract.groupPath("9971:207009999")))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        assertEquals(404, lookup.statusCode(), "nothing was registered without the token");
        assertEquals(
                303,
                https("POST", "/register", Optional.of(session), Optional.of(form + "&csrf=" + csrf))
                        .statusCode(),
                "the same form with the token is taken");
    }

    @Test
    @Order(6)
    void theConsoleSpeaksRussianAndChinese() throws Exception {
        signIn(OPERATOR, "en");
        browser.findElement(By.id("lang-ru")).click();
        waitFor(By.cssSelector("html[lang=ru]"));
        assertEquals(
                words("ru").get("participants.title"),
                browser.findElement(By.tagName("h1")).getText());
        assertEquals("Участники", words("ru").get("nav.participants"));
        browser.findElement(By.id("lang-zh")).click();
        waitFor(By.cssSelector("html[lang=zh]"));
        assertEquals("您的参与方", browser.findElement(By.tagName("h1")).getText());
        browser.get(console + "/bulk");
        assertEquals(words("zh").get("bulk.title"), waitFor(By.tagName("h1")).getText(), "the language is kept");
        browser.get(console + "/?lang=en");
    }

    private static ConsoleText words(String language) {
        return ConsoleText.of(SmpConsoleServlet.TEXT_BUNDLE, language);
    }

    /** The participant's invoice endpoint certificate as an independent Peppol client resolves it, signature checked. */
    private static X509Certificate resolvedCertificate() throws Exception {
        SMPClientReadOnly client =
                new SMPClientReadOnly(URI.create(smp.baseUrl() + "/")).setTrustStore(DevPkiForTests.truststore());
        client.httpClientSettings().setSSLContext(tls);
        var ids = PeppolIdentifierFactory.INSTANCE;
        var signed = client.getServiceMetadata(
                ids.createParticipantIdentifierWithDefaultScheme(PARTICIPANT),
                ids.createDocumentTypeIdentifierWithDefaultScheme(SmpBodies.INVOICE));
        return SMPClientReadOnly.getEndpointCertificate(SMPClientReadOnly.getEndpoint(
                signed,
                ids.createProcessIdentifierWithDefaultScheme(SmpBodies.BILLING),
                ESMPTransportProfile.TRANSPORT_PROFILE_PEPPOL_AS4_V2));
    }

    @Test
    @Order(7)
    void everyPageFitsAPhoneScreenWithoutScrollingSideways() throws Exception {
        signIn(OPERATOR, "en");
        browser.manage().window().setSize(new org.openqa.selenium.Dimension(390, 844));
        try {
            for (String page : List.of(
                    "/",
                    "/participant?id="
                            + URLEncoder.encode("iso6523-actorid-upis::" + PARTICIPANT, StandardCharsets.UTF_8),
                    "/register",
                    "/bulk")) {
                browser.get(console + page);
                waitFor(By.id("signout"));
                assertEquals(0L, chromium.sidewaysOverflow(), page + " is wider than the phone's screen");
            }
        } finally {
            browser.manage().window().setSize(new org.openqa.selenium.Dimension(1280, 900));
        }
    }

    private static void signIn(String name, String language) {
        browser.manage().deleteAllCookies();
        browser.get(console + "/signin?lang=" + language);
        signInWith(name, PASSWORD);
        waitFor(By.id("signout"));
    }

    private static void signInWith(String name, String password) {
        chromium.signInWith(name, password);
    }

    private static WebElement waitFor(By what) {
        return chromium.waitFor(what);
    }

    private static String text(String id) {
        return chromium.text(id);
    }

    private static String pem(X509Certificate cert) throws Exception {
        return "-----BEGIN CERTIFICATE-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                        .encodeToString(cert.getEncoded())
                + "\n-----END CERTIFICATE-----";
    }

    private static void screenshot(String name) throws Exception {
        chromium.screenshot(name);
    }

    private static HttpResponse<String> https(
            String method, String path, Optional<String> cookie, Optional<String> form) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(console + path));
        cookie.ifPresent(c -> request.header("Cookie", c));
        if (method.equals("POST")) {
            request.header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString(form.orElse("")));
        }
        return HttpClient.newBuilder()
                .sslContext(tls)
                .build()
                .send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String cookie(HttpResponse<?> response, String name) {
        String header = response.headers().allValues("Set-Cookie").stream()
                .filter(c -> c.startsWith(name + "="))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no cookie " + name + " in " + response.headers()));
        return header.substring(0, header.indexOf(';'));
    }

    private static String csrf(String page) {
        Matcher field = Pattern.compile("name=\"csrf\" value=\"([^\"]+)\"").matcher(page);
        assertTrue(field.find(), page);
        return field.group(1);
    }
}
