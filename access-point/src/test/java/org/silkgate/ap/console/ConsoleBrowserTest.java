package org.silkgate.ap.console;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
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
import org.silkgate.ap.AccessPoint;
import org.silkgate.ap.ApConfig;
import org.silkgate.ap.TestClock;
import org.silkgate.ap.TestNetwork;
import org.silkgate.ap.clients.ApiClient;
import org.silkgate.ap.clients.Operators;
import org.silkgate.ap.journal.Direction;
import org.silkgate.ap.journal.Journal;
import org.silkgate.ap.journal.MessageRecord;
import org.silkgate.ap.journal.MessageState;
import org.silkgate.ap.model.ParticipantId;
import org.silkgate.ap.outbound.OutboundMessage;
import org.silkgate.ap.outbound.RetryPolicy;
import org.silkgate.ap.outbound.SendResult;
import org.silkgate.ap.trust.PemFiles;
import org.silkgate.ap.validation.InvalidDocumentPolicy;
import org.silkgate.console.ConsoleText;
import org.silkgate.console.testing.HeadlessChromium;

/**
 * The operator console in Debian's Chromium, headless, on a Kazakh access point sending to a Georgian one: sign-in,
 * the dashboard against the journal and {@code /metrics}, a Tender found with its timeline and receipt, a FAILED message
 * resent until SENT, Russian and Chinese, and the refusals (wrong password, no CSRF token, an expired session). Takes
 * the README's screenshots. Skipped, saying so, where Chromium or its driver is not installed.
 */
// in this order so that the screenshots show a FAILED message waiting for an operator, before it is resent
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ConsoleBrowserTest {
    private static final ParticipantId LATE_PARTICIPANT = ParticipantId.parse("9972:204400001");
    private static final String OPERATOR = "aigerim";
    private static final String PASSWORD = "steppe-wind-2026";
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path folder;

    private static Path pki;
    private static AccessPoint georgia;
    private static AccessPoint kazakhstan;
    /** The Kazakh access point's clock, moved forward to let a console session expire without waiting for it. */
    private static TestClock kazakhClock;

    private static int latePort;
    private static HeadlessChromium chromium;
    private static WebDriver browser;
    private static String console;
    private static String tender;
    private static String failed;

    @BeforeAll
    static void startTheNetworkAndTheBrowser() throws Exception {
        HeadlessChromium.assumeInstalled();
        pki = TestNetwork.createPki(folder);
        // Georgia delivers an invalid document flagged with its findings, which its console then shows
        georgia = TestNetwork.start(
                TestNetwork.georgia(pki, folder).withInvalidDocuments(InvalidDocumentPolicy.DELIVER_FLAGGED));
        new Operators(georgia.journal().database(), georgia.journal().audit(), Clock.systemUTC())
                .add(OPERATOR, PASSWORD.toCharArray(), "test");
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
            latePort = socket.getLocalPort();
        }
        ApConfig.StaticRoute toGeorgia = new ApConfig.StaticRoute(georgia.as4Url(), pki.resolve("ap-GE.pem"));
        ApConfig.StaticRoute toLateAp =
                new ApConfig.StaticRoute("https://127.0.0.1:" + latePort + "/as4", pki.resolve("ap-GE.pem"));
        kazakhClock = TestClock.running();
        kazakhstan = AccessPoint.start(
                TestNetwork.kazakhstan(pki, folder, georgia)
                        .withStaticRoutes(Map.of(TestNetwork.GE_BUYER, toGeorgia, LATE_PARTICIPANT, toLateAp))
                        // the receiver that is down fails for good within a second or two
                        .withRetry(
                                new RetryPolicy(Duration.ofMillis(200), Duration.ofMillis(500), Duration.ofSeconds(1))),
                TestNetwork.VALIDATION,
                kazakhClock);
        new Operators(kazakhstan.journal().database(), kazakhstan.journal().audit(), kazakhClock)
                .add(OPERATOR, PASSWORD.toCharArray(), "test");
        console = kazakhstan.apiUrl() + "/console";

        byte[] document = TestNetwork.document("tender.xml");
        tender = TestNetwork.submit(kazakhstan, document, TestNetwork.KZ_SUPPLIER, TestNetwork.GE_BUYER);
        failed = TestNetwork.submit(kazakhstan, document, TestNetwork.KZ_SUPPLIER, LATE_PARTICIPANT);
        TestNetwork.awaitJournal(kazakhstan, Direction.OUTBOUND, tender, r -> r.state() == MessageState.SENT);
        TestNetwork.awaitJournal(kazakhstan, Direction.OUTBOUND, failed, r -> r.state() == MessageState.FAILED);

        chromium = HeadlessChromium.start(1280, 800);
        browser = chromium.driver();
    }

    @AfterAll
    static void stopEverything() {
        if (chromium != null) chromium.close();
        if (kazakhstan != null) kazakhstan.close();
        if (georgia != null) georgia.close();
    }

    @Test
    @Order(1)
    void aWrongPasswordIsRefusedAndAudited() throws Exception {
        browser.manage().deleteAllCookies();
        browser.get(console + "/");
        waitFor(By.id("password"));
        assertTrue(browser.getCurrentUrl().endsWith("/console/signin"), browser.getCurrentUrl());

        signInWith(OPERATOR, "not-the-password");

        assertEquals(
                ConsoleText.of(ConsoleServlet.TEXT_BUNDLE, "en").get("signin.refused"),
                waitFor(By.id("signin-error")).getText());
        assertTrue(kazakhstan.journal().audit().entries(1, 100_000).stream()
                .anyMatch(e -> e.action().equals("console.sign-in-refused")
                        && ("wrong password for " + OPERATOR).equals(e.detail())));
    }

    @Test
    @Order(2)
    void theDashboardShowsWhatTheJournalAndMetricsSay() throws Exception {
        signIn("en");
        browser.get(console + "/");
        List<Journal.StateCount> counts = kazakhstan.journal().countByState();
        for (MessageState state : List.of(MessageState.SENT, MessageState.FAILED, MessageState.RETRYING)) {
            long journaled = counts.stream()
                    .filter(c -> c.direction() == Direction.OUTBOUND && c.state() == state)
                    .mapToLong(Journal.StateCount::count)
                    .sum();
            assertEquals(String.valueOf(journaled), text("count-OUTBOUND-" + state), state.name());
        }
        assertEquals(text("count-OUTBOUND-FAILED"), text("failed"));
        assertEquals(
                String.valueOf(kazakhstan
                        .journal()
                        .list(
                                Optional.empty(),
                                Optional.empty(),
                                Optional.of(Instant.now().minus(Duration.ofHours(23))),
                                1000)
                        .stream()
                        .filter(r -> r.direction() == Direction.OUTBOUND)
                        .count()),
                text("last24-OUTBOUND"));

        TestNetwork.Api api = TestNetwork.operatorApi(kazakhstan, pki);
        String metrics = api.get("/metrics").body();
        assertEquals(
                Long.parseLong(text("count-OUTBOUND-SENT")),
                metric(metrics, "silkgate_messages", "direction=\"outbound\"", "state=\"SENT\""));
        JsonNode health = JSON.readTree(api.get("/health").body());
        assertEquals(health.path("journal").asText(), text("health-journal"));
        assertEquals(health.path("broker").asText(), text("health-broker"));
        List<String> nodeStates = new ArrayList<>();
        health.path("nodes").forEach(node -> nodeStates.add(node.path("state").asText()));
        assertEquals(
                nodeStates,
                browser.findElements(By.cssSelector("strong.node")).stream()
                        .map(WebElement::getText)
                        .toList(),
                "one line per node of the access point, as /health lists them");
        assertEquals(List.of("LIVE"), nodeStates, "a single access point is its one live node");
        List<WebElement> daysLeft = browser.findElements(By.cssSelector("td.days-left"));
        assertEquals(health.path("dated").size(), daysLeft.size());
        for (int i = 0; i < daysLeft.size(); i++) {
            assertEquals(
                    ConsoleText.of(ConsoleServlet.TEXT_BUNDLE, "en")
                            .number(health.path("dated").get(i).path("daysLeft").asLong()),
                    daysLeft.get(i).getText());
        }
        assertTrue(text("latency").startsWith("p50 "), text("latency"));
        assertFalse(browser.findElements(By.cssSelector("svg.chart rect.out")).isEmpty());
        screenshot("console-dashboard.png");
    }

    @Test
    @Order(3)
    void theTenderIsFoundWithItsTimelineAndItsSignedReceiptDownloads() throws Exception {
        signIn("en");
        browser.get(console + "/messages");
        new org.openqa.selenium.support.ui.Select(browser.findElement(By.id("direction"))).selectByValue("OUTBOUND");
        new org.openqa.selenium.support.ui.Select(browser.findElement(By.id("state"))).selectByValue("SENT");
        browser.findElement(By.id("type")).sendKeys("Tender");
        browser.findElement(By.id("search")).click();
        waitFor(By.linkText(tender)).click();

        MessageRecord journaled =
                kazakhstan.journal().find(Direction.OUTBOUND, tender).orElseThrow();
        assertEquals(tender, waitFor(By.id("message-id")).getText());
        assertEquals(journaled.envelope().instanceIdentifier(), text("sbdh-id"));
        assertEquals(journaled.content().sha256(), text("sha256"));
        assertEquals(TestNetwork.GE_AP, text("peer-ap"));
        List<WebElement> timeline = browser.findElements(By.cssSelector("#timeline li"));
        assertEquals(journaled.history().size(), timeline.size());
        assertTrue(
                timeline.get(0).getText().contains("Accepted"), timeline.get(0).getText());
        assertTrue(
                timeline.get(1).getText().contains("Sent — receipt from " + TestNetwork.GE_AP),
                timeline.get(1).getText());
        screenshot("console-message.png");

        HttpResponse<byte[]> receipt =
                asSignedIn(browser.findElement(By.id("receipt")).getAttribute("href"));
        assertEquals(200, receipt.statusCode());
        assertTrue(
                receipt.headers().firstValue("Content-Disposition").orElse("").startsWith("attachment"));
        byte[] kept = kazakhstan.files().receipt(tender).orElseThrow();
        assertTrue(java.util.Arrays.equals(kept, receipt.body()), "the receipt as the journal keeps it");
        String receiptXml = new String(receipt.body(), StandardCharsets.UTF_8);
        assertTrue(receiptXml.contains(tender), receiptXml);
        assertTrue(
                ReceiptSignature.signedBy(receipt.body(), PemFiles.certificate(pki.resolve("ap-GE.pem"))),
                "the receipt is signed by the Georgian access point");
        assertFalse(
                ReceiptSignature.signedBy(receipt.body(), PemFiles.certificate(pki.resolve("ap-KZ.pem"))),
                "and by no one else");
        HttpResponse<byte[]> payload =
                asSignedIn(browser.findElement(By.id("payload")).getAttribute("href"));
        assertEquals(journaled.content().sbdhSize(), payload.body().length);
    }

    @Test
    @Order(5)
    void aFailedMessageIsResentFromTheConsoleAfterAConfirmationAndBecomesSent() throws Exception {
        signIn("en");
        browser.get(console + "/");
        browser.findElement(By.id("nav-dead-letters")).click();
        waitFor(By.id("select-" + failed)).click();
        browser.findElement(By.id("resend-selected")).click();
        assertTrue(waitFor(By.id("confirm-question")).getText().contains("1"));
        assertEquals(MessageState.FAILED, state(failed), "nothing happens before the confirmation");

        ApConfig late = TestNetwork.georgia(pki, folder.resolve("late"))
                .withPort(latePort)
                .withServedParticipants(Set.of(LATE_PARTICIPANT));
        try (AccessPoint lateGeorgia = TestNetwork.start(late)) {
            browser.findElement(By.id("confirm-resend")).click();
            assertTrue(waitFor(By.id("resend-results")).getText().contains(failed));
            TestNetwork.awaitJournal(kazakhstan, Direction.OUTBOUND, failed, r -> r.state() == MessageState.SENT);
            browser.get(
                    console + "/message?direction=OUTBOUND&id=" + URLEncoder.encode(failed, StandardCharsets.UTF_8));
            assertEquals("Sent", text("state"));
            assertTrue(text("timeline").contains("resend requested by " + Operators.actor(OPERATOR)), text("timeline"));
        }
    }

    @Test
    @Order(4)
    void theConsoleSpeaksRussianAndChinese() throws Exception {
        signIn("en");
        browser.get(console + "/");
        browser.findElement(By.id("lang-ru")).click();
        waitFor(By.cssSelector("html[lang=ru]"));
        assertEquals("Сводка", browser.findElement(By.tagName("h1")).getText());
        browser.get(console + "/messages");
        assertEquals("Сообщения", browser.findElement(By.tagName("h1")).getText(), "the cookie keeps the language");
        browser.get(console + "/");
        screenshot("console-ru.png");

        browser.get(console + "/message?direction=OUTBOUND&id=" + URLEncoder.encode(tender, StandardCharsets.UTF_8)
                + "&lang=zh");
        assertEquals("消息", browser.findElement(By.tagName("h1")).getText());
        assertTrue(text("timeline").contains("年"), text("timeline"));
        assertTrue(text("timeline").contains("已发送"), text("timeline"));
        browser.findElement(By.id("lang-en")).click();
        waitFor(By.cssSelector("html[lang=en]"));
        assertEquals(tender, text("message-id"), "the switch stays on the page it was used on");
    }

    @Test
    @Order(6)
    void formsWithoutTheSessionsCsrfTokenAreRefusedAndTheCookieIsLockedDown() throws Exception {
        HttpResponse<String> signInPage = https("GET", "/signin", Optional.empty(), Optional.empty());
        String signInCookie = cookie(signInPage, ConsoleServlet.SIGN_IN_COOKIE);
        String signInToken = csrf(signInPage.body());
        HttpResponse<String> noToken = https(
                "POST",
                "/signin",
                Optional.of(signInCookie),
                Optional.of("name=" + OPERATOR + "&password=" + PASSWORD));
        assertEquals(403, noToken.statusCode());

        HttpResponse<String> signedIn = https(
                "POST",
                "/signin",
                Optional.of(signInCookie),
                Optional.of("name=" + OPERATOR + "&password=" + PASSWORD + "&csrf=" + signInToken));
        assertEquals(303, signedIn.statusCode());
        String setCookie = signedIn.headers().allValues("Set-Cookie").stream()
                .filter(c -> c.startsWith(ConsoleServlet.SESSION_COOKIE + "="))
                .findFirst()
                .orElseThrow();
        for (String attribute : List.of("; Secure", "; HttpOnly", "; SameSite=Strict", "; Path=/")) {
            assertTrue(setCookie.contains(attribute), setCookie);
        }
        String session = setCookie.substring(0, setCookie.indexOf(';'));
        String csrf = csrf(https("GET", "/messages", Optional.of(session), Optional.empty())
                .body());

        HttpResponse<String> without = https("POST", "/clients", Optional.of(session), Optional.of("name=sneaky"));
        HttpResponse<String> wrong =
                https("POST", "/clients", Optional.of(session), Optional.of("name=sneaky&csrf=" + csrf + "x"));
        assertEquals(403, without.statusCode());
        assertEquals(403, wrong.statusCode());
        assertTrue(kazakhstan.clients().list().stream().noneMatch(c -> c.name().equals("sneaky")));

        HttpResponse<String> created = https(
                "POST",
                "/clients",
                Optional.of(session),
                Optional.of("name=kz-erp-console&participants=" + TestNetwork.KZ_SUPPLIER.uri() + "&csrf=" + csrf));
        assertEquals(200, created.statusCode(), created.body());
        Matcher token = Pattern.compile("<code id=\"new-token\">([^<]+)</code>").matcher(created.body());
        assertTrue(token.find(), created.body());
        assertEquals(
                Optional.of(new ApiClient("kz-erp-console", Set.of(TestNetwork.KZ_SUPPLIER), false)),
                kazakhstan.clients().authenticate(token.group(1)));
        assertFalse(
                https("GET", "/clients", Optional.of(session), Optional.empty())
                        .body()
                        .contains(token.group(1)),
                "the token is shown once");
        HttpResponse<String> revoked =
                https("POST", "/clients/revoke", Optional.of(session), Optional.of("name=kz-erp-console&csrf=" + csrf));
        assertEquals(200, revoked.statusCode());
        assertEquals(Optional.empty(), kazakhstan.clients().authenticate(token.group(1)));
    }

    @Test
    @Order(7)
    void anIdleSessionExpiresAndIsRefused() throws Exception {
        signIn("en");
        browser.get(console + "/");
        String csrf = browser.findElement(By.name("csrf")).getAttribute("value");
        String session = ConsoleServlet.SESSION_COOKIE + "="
                + browser.manage().getCookieNamed(ConsoleServlet.SESSION_COOKIE).getValue();
        kazakhClock.advance(AccessPoint.CONSOLE_IDLE_TIMEOUT.plusMinutes(1));
        try {
            browser.get(console + "/");
            waitFor(By.id("password"));
            assertTrue(browser.getCurrentUrl().endsWith("/console/signin"), browser.getCurrentUrl());
            HttpResponse<String> post =
                    https("POST", "/resend", Optional.of(session), Optional.of("id=" + failed + "&csrf=" + csrf));
            assertEquals(403, post.statusCode());
        } finally {
            kazakhClock.reset();
        }
    }

    @Test
    @Order(8)
    void theAuditLogShowsWhatTheConsoleDidAndItsChainVerifiesIntact() throws Exception {
        signIn("en");
        browser.get(console + "/audit");
        assertFalse(browser.findElements(By.id("audit")).isEmpty(), browser.getPageSource());
        String entries = text("audit");
        assertTrue(entries.contains("console.sign-in-refused"), entries);
        assertTrue(entries.contains("message.accepted") && entries.contains(Operators.actor(OPERATOR)), entries);
        browser.findElement(By.id("verify-audit")).click();
        assertTrue(
                waitFor(By.id("audit-verification")).getText().startsWith("The chain is intact"),
                text("audit-verification"));
    }

    @Test
    @Order(9)
    void everyPageFitsAPhoneScreenWithoutScrollingSideways() throws Exception {
        signIn("en");
        browser.manage().window().setSize(new org.openqa.selenium.Dimension(390, 844));
        try {
            for (String page : List.of(
                    "/",
                    "/messages",
                    "/message?direction=OUTBOUND&id=" + URLEncoder.encode(tender, StandardCharsets.UTF_8),
                    "/clients",
                    "/audit")) {
                browser.get(console + page);
                assertEquals(0L, chromium.sidewaysOverflow(), page + " is wider than the phone's screen");
            }
        } finally {
            browser.manage().window().setSize(new org.openqa.selenium.Dimension(1280, 800));
        }
    }

    @Test
    @Order(10)
    void theFindingsOfADocumentDeliveredFlaggedAreShownInTheOperatorsLanguage() throws Exception {
        // sent past Kazakhstan's own validation, as a foreign access point might
        OutboundMessage invalid = kazakhstan
                .preparation()
                .prepare(
                        TestNetwork.document("tender-invalid-R009.xml"), TestNetwork.KZ_SUPPLIER, TestNetwork.GE_BUYER);
        assertTrue(kazakhstan.as4Sender().send(invalid) instanceof SendResult.Delivered);
        TestNetwork.awaitJournal(
                georgia, Direction.INBOUND, invalid.as4MessageId(), r -> r.state() == MessageState.DELIVERED);
        String georgianConsole = georgia.apiUrl() + "/console";

        signIn(georgianConsole, "ru");
        browser.get(georgianConsole + "/message?direction=INBOUND&id="
                + URLEncoder.encode(invalid.as4MessageId(), StandardCharsets.UTF_8));

        WebElement finding =
                browser.findElement(By.xpath("//table[@id='validation-report']//tr[td[2]='CAREC-TND-R009']"));
        String message = finding.findElements(By.tagName("td")).get(2).getText();
        assertTrue(
                message.codePoints().anyMatch(c -> Character.UnicodeBlock.of(c) == Character.UnicodeBlock.CYRILLIC),
                message);
        browser.findElement(By.id("lang-zh")).click();
        waitFor(By.cssSelector("html[lang=zh]"));
        String chinese = browser.findElement(
                        By.xpath("//table[@id='validation-report']//tr[td[2]='CAREC-TND-R009']/td[3]"))
                .getText();
        assertTrue(
                chinese.codePoints().anyMatch(c -> Character.UnicodeScript.of(c) == Character.UnicodeScript.HAN),
                chinese);
        browser.get(georgianConsole + "/?lang=en");
    }

    private static void signIn(String language) {
        signIn(console, language);
    }

    private static void signIn(String console, String language) {
        browser.manage().deleteAllCookies();
        browser.get(console + "/signin?lang=" + language);
        signInWith(OPERATOR, PASSWORD);
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

    private static MessageState state(String id) {
        return kazakhstan
                .journal()
                .current(Direction.OUTBOUND, id)
                .orElseThrow()
                .state();
    }

    private static void screenshot(String name) throws IOException {
        chromium.screenshot(name);
    }

    private static long metric(String exposition, String name, String... labels) {
        long sum = 0;
        for (String line : exposition.split("\n")) {
            if (!line.startsWith(name + "{")) continue;
            boolean all = true;
            for (String label : labels) all &= line.contains(label);
            if (all) sum += (long) Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
        }
        return sum;
    }

    /** A download as the signed-in browser would make it: its session cookie, the dev PKI's TLS root checked. */
    private static HttpResponse<byte[]> asSignedIn(String url) throws IOException, InterruptedException {
        String session =
                browser.manage().getCookieNamed(ConsoleServlet.SESSION_COOKIE).getValue();
        return TestNetwork.https(pki)
                .send(
                        HttpRequest.newBuilder(URI.create(url))
                                .header("Cookie", ConsoleServlet.SESSION_COOKIE + "=" + session)
                                .build(),
                        HttpResponse.BodyHandlers.ofByteArray());
    }

    private static HttpResponse<String> https(
            String method, String path, Optional<String> cookie, Optional<String> form)
            throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(console + path));
        cookie.ifPresent(c -> request.header("Cookie", c));
        if (method.equals("POST")) {
            request.header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString(form.orElse("")));
        }
        return TestNetwork.https(pki).send(request.build(), HttpResponse.BodyHandlers.ofString());
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
