package io.herald.audit.page;

import static io.herald.audit.Fixtures.accepted;
import static io.herald.audit.Fixtures.attempt;
import static io.herald.audit.Fixtures.deadLetter;
import static io.herald.audit.Fixtures.newId;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.Mockito.when;

import io.herald.audit.AuditItSupport;
import io.herald.audit.consume.AuditEvents;
import io.herald.audit.consume.AuditRecorder;
import io.herald.audit.dispatchers.UnservedProviders;
import io.herald.audit.ordering.OrderingStatesFixture;
import io.herald.contract.provider.Provider;
import io.herald.schema.AcceptedNotification;
import io.herald.schema.Outcome;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.test.context.bean.override.mockito.MockitoBean;

/**
 * The web page in headless Chromium (Debian's {@code chromium} + {@code chromium-driver}): a person pastes a token,
 * searches, opens a timeline, lists dead letters, previews a replay and replays; without a valid token it asks to sign
 * in and shows no data; the token stays in the tab's sessionStorage (no localStorage, no cookie, no URL) and a tenant's
 * token sees only its tenant. Skipped when Chromium is not installed.
 * Only the Kafka producer and the last look at the broker for unserved providers are replaced.
 */
class AuditPageIT extends AuditItSupport {

    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");

    private static final String TRACE_ID = "4bf92f3577b34da6a3ce929d0e0e4736";

    private static WebDriver browser;

    @LocalServerPort
    int port;

    @Autowired
    AuditRecorder recorder;

    @Autowired
    org.springframework.context.ApplicationContext context;

    @MockitoBean
    KafkaTemplate<String, Object> kafka;

    /** What the last look at the broker found (the lookup itself is tested in the schemas module and end to end). */
    @MockitoBean
    UnservedProviders unserved;

    @BeforeAll
    static void startChromium() {
        Assumptions.assumeTrue(
                Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER),
                "headless Chromium not installed (/usr/bin/chromium and /usr/bin/chromedriver): "
                        + "apt-get install -y chromium chromium-driver");
        ChromeOptions options = new ChromeOptions()
                .setBinary(CHROMIUM.toFile())
                .addArguments(
                        "--headless=new",
                        "--no-sandbox",
                        "--disable-dev-shm-usage",
                        "--disable-gpu",
                        "--window-size=1400,1000");
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(CHROMEDRIVER.toFile())
                .usingAnyFreePort()
                .build();
        browser = new ChromeDriver(service, options);
    }

    @AfterAll
    static void stopChromium() {
        if (browser != null) {
            browser.quit();
        }
    }

    @BeforeEach
    void brokerAcknowledges() {
        when(kafka.send(anyString(), anyString(), any())).thenReturn(CompletableFuture.completedFuture(null));
    }

    @Test
    void personSearchesOpensATimelineAndReplaysADeadLetterAfterAPreview() {
        String tenant = "page-" + newId();
        String delivered = record(tenant, Outcome.DELIVERED);
        String dead = record(tenant, Outcome.PERMANENT);
        browser.get("http://127.0.0.1:" + port + "/");

        // search with a READ token
        type("token", READ_TOKEN);
        type("f-tenant", tenant);
        click("search");
        waitFor(By.cssSelector("tr[data-id='" + dead + "']"));
        assertThat(rowIds()).containsExactlyInAnyOrder(delivered, dead);

        // open a timeline
        browser.findElement(By.cssSelector("tr[data-id='" + delivered + "'] a.open"))
                .click();
        waitFor(By.id("timeline-status"));
        assertThat(browser.findElement(By.id("timeline-status")).getText()).isEqualTo("DELIVERED");
        // the trace its records came in
        assertThat(browser.findElement(By.id("timeline-trace")).getText()).isEqualTo(TRACE_ID);
        assertThat(browser.findElement(By.id("timeline-trace-link")).getAttribute("href"))
                .isEqualTo("http://zipkin.example:9411/zipkin/traces/" + TRACE_ID);
        assertThat(browser.findElements(By.cssSelector("#timeline tr.entry")))
                .extracting(e -> e.getAttribute("data-type"))
                .containsExactly("ACCEPTED", "SIGNED", "ATTEMPT");

        // dead letters: a READ token cannot even preview a replay
        click("tab-dead");
        waitFor(By.cssSelector("tr[data-id='" + dead + "']"));
        assertThat(rowIds()).containsExactly(dead);
        click("preview");
        wait(ExpectedConditions.textToBePresentInElementLocated(By.id("message"), "403"));

        // an OPERATOR previews, then replays
        type("token", OPERATOR_TOKEN);
        click("preview");
        waitFor(By.cssSelector("tr.replay-item[data-outcome='WOULD_REPLAY']"));
        assertThat(browser.findElement(By.id("replay-summary")).getText()).startsWith("Dry run");
        assertThat(browser.findElement(By.id("replay")).isEnabled()).isTrue();
        click("replay");
        waitFor(By.cssSelector("tr.replay-item[data-outcome='REPLAYED']"));
        assertThat(browser.findElement(By.cssSelector("tr.replay-item")).getText())
                .contains(dead + "-replay-1");

        // the original's timeline shows the replay
        click("search");
        waitFor(By.cssSelector("tr[data-id='" + dead + "'] a.open"));
        browser.findElement(By.cssSelector("tr[data-id='" + dead + "'] a.open")).click();
        waitFor(By.cssSelector("#timeline tr.entry[data-type='REPLAYED']"));
    }

    @Test
    void aNotificationNoDispatcherServesShowsWhyItWaits() {
        String tenant = "page-" + newId();
        String id = newId();
        recorder.record(AcceptedNotification.newBuilder(accepted(id))
                .setTenant(tenant)
                .setProvider("webhook")
                .setChannel("hooks")
                .build());
        when(unserved.unserved("webhook"))
                .thenReturn(Optional.of(
                        new UnservedProviders.Unserved(Provider.of("webhook"), Instant.parse("2025-03-01T08:01:00Z"))));
        browser.get("http://127.0.0.1:" + port + "/");

        type("token", READ_TOKEN);
        type("f-tenant", tenant);
        click("search");
        waitFor(By.cssSelector("tr[data-id='" + id + "'] a.open"));
        browser.findElement(By.cssSelector("tr[data-id='" + id + "'] a.open")).click();
        waitFor(By.id("waiting"));

        assertThat(browser.findElement(By.id("waiting")).getText())
                .isEqualTo(
                        "Waiting: no running dispatcher serves "
                                + "provider webhook: consumer group herald-dispatcher-webhook has no members (as of 2025-03-01T08:01:00Z)");
        List<WebElement> entries = browser.findElements(By.cssSelector("#timeline tr.entry"));
        assertThat(entries).extracting(e -> e.getAttribute("data-type")).containsExactly("ACCEPTED", "WAITING");
        assertThat(entries.getLast().findElements(By.tagName("td")))
                .extracting(WebElement::getText)
                .containsExactly(
                        "2025-03-01T08:01:00Z",
                        "WAITING",
                        "provider=webhook  consumerGroup=herald-dispatcher-webhook  "
                                + "reason=no running dispatcher serves provider webhook: consumer group herald-dispatcher-webhook"
                                + " has no members");
    }

    @Test
    void aPacedNotificationShowsItsWaitsNotAFailure() throws java.io.IOException {
        String tenant = "page-" + newId();
        String id = newId();
        recorder.record(AcceptedNotification.newBuilder(accepted(id))
                .setTenant(tenant)
                .setChannel("demo-dingtalk")
                .build());
        var parked = attempt(id, 1, Outcome.RETRYABLE);
        parked.setTenant(tenant);
        parked.setChannel("demo-dingtalk");
        parked.setHttpStatus(null);
        parked.setProviderCode(null);
        parked.setProviderMessage(null);
        parked.setLatencyMs(0);
        parked.setError("not sent: channel demo-dingtalk's window (20 per minute) is full: waits for its slot at "
                + parked.getStartedAt().plusSeconds(41));
        parked.setNotSentCause("paced");
        recorder.record(parked);
        var sent = attempt(id, 2, Outcome.DELIVERED);
        sent.setTenant(tenant);
        sent.setChannel("demo-dingtalk");
        sent.setStartedAt(parked.getStartedAt().plusSeconds(45));
        sent.setSignedAt(parked.getStartedAt().plusSeconds(40));
        sent.setPacedMs(4_200L);
        recorder.record(sent);
        browser.get("http://127.0.0.1:" + port + "/");

        type("token", READ_TOKEN);
        type("f-tenant", tenant);
        click("search");
        waitFor(By.cssSelector("tr[data-id='" + id + "'] a.open"));
        browser.findElement(By.cssSelector("tr[data-id='" + id + "'] a.open")).click();
        waitFor(By.cssSelector("#timeline tr.entry[data-type='PACED']"));

        assertThat(browser.findElement(By.id("timeline-status")).getText()).isEqualTo("DELIVERED");
        List<WebElement> entries = browser.findElements(By.cssSelector("#timeline tr.entry"));
        // the parked try is a wait, not a RETRYABLE attempt; the one sent after waiting in its lane says how long
        assertThat(entries)
                .extracting(e -> e.getAttribute("data-type"))
                .containsExactly("ACCEPTED", "SIGNED", "PACED", "SIGNED", "PACED", "ATTEMPT");
        List<WebElement> waits = browser.findElements(By.cssSelector("#timeline tr.paced td:nth-child(3)"));
        assertThat(waits.get(0).getText())
                .startsWith("parked until its slot (a wait, not a failure): channel demo-dingtalk's window"
                        + " (20 per minute) is full: waits for its slot at ");
        assertThat(waits.get(1).getText()).isEqualTo("waited 4.2 s for demo-dingtalk's window (attempt 2 then sent)");
        assertThat(browser.findElements(By.cssSelector("#timeline tr.paced td:nth-child(2)")))
                .extracting(WebElement::getText)
                .containsOnly("WAIT");
        assertThat(browser.findElement(By.id("timeline")).getText()).doesNotContain("RETRYABLE");
        byte[] png =
                ((org.openqa.selenium.TakesScreenshot) browser).getScreenshotAs(org.openqa.selenium.OutputType.BYTES);
        Files.write(Path.of("..", "docs", "audit-page-pacing.png"), png);
    }

    @Test
    void orderedChannelsShowWhereTheyStandAndAWaitBehindAnotherIsAWaitLinkingIt() throws Exception {
        String tenant = "page-" + newId();
        String channel = "ordered-" + newId().substring(2, 10);
        String stoppedChannel = "ordered-stopped-" + newId().substring(2, 10);
        String head = recordOnChannel(channel, tenant);
        String behind = recordOnChannel(channel, tenant);
        var failed = attempt(head, 1, Outcome.RETRYABLE);
        failed.setTenant(tenant);
        failed.setChannel(channel);
        recorder.record(failed);
        var held = attempt(behind, 1, Outcome.RETRYABLE);
        held.setTenant(tenant);
        held.setChannel(channel);
        held.setHttpStatus(null);
        held.setProviderCode(null);
        held.setProviderMessage(null);
        held.setLatencyMs(0);
        held.setNotSentCause("ordered");
        held.setWaitingBehind(head);
        held.setError("not sent: waiting behind notification " + head + " (its next try at 2025-03-01T08:00:40Z)");
        recorder.record(held);
        Instant updated = Instant.parse("2025-03-01T08:00:05Z");
        OrderingStatesFixture.write(
                context,
                OrderingStatesFixture.state(channel, updated, head, behind)
                        .setHeadDueAt(Instant.parse("2025-03-01T08:00:40Z"))
                        .setHeadLast("RETRYABLE 130101 send too fast, exceed 20 times per minute")
                        .build());
        OrderingStatesFixture.write(
                context,
                OrderingStatesFixture.state(stoppedChannel, updated, "n-later")
                        .setStopped(OrderingStatesFixture.stop(
                                "n-dead", "PERMANENT 310000 sign not match", Instant.parse("2025-03-01T08:00:02Z")))
                        .build());
        browser.get("http://127.0.0.1:" + port + "/");

        type("token", READ_TOKEN);
        type("f-tenant", tenant);
        click("sign-in");
        waitFor(By.cssSelector("#ordering tr.ordered[data-channel='" + channel + "']"));

        WebElement waiting =
                browser.findElement(By.cssSelector("#ordering tr.ordered[data-channel='" + channel + "']"));
        assertThat(waiting.getAttribute("data-state")).isEqualTo("waiting");
        assertThat(waiting.findElements(By.tagName("td")).get(2).getText())
                .isEqualTo("1 waiting behind " + head + " · next try 2025-03-01T08:00:40Z · last try: RETRYABLE 130101"
                        + " send too fast, exceed 20 times per minute");
        WebElement stopped =
                browser.findElement(By.cssSelector("#ordering tr.ordered[data-channel='" + stoppedChannel + "']"));
        assertThat(stopped.getAttribute("data-state")).isEqualTo("stopped");
        assertThat(stopped.findElements(By.tagName("td")).get(2).getText())
                .startsWith("stopped by n-dead: PERMANENT 310000 sign not match (at 2025-03-01T08:00:02Z)\n1 held, the"
                        + " first n-later\n")
                .endsWith("resume with: herald channel resume " + stoppedChannel);

        // the one waiting behind: its timeline shows a wait linking the head, no failed attempt
        waitFor(By.cssSelector("tr[data-id='" + behind + "'] a.open"));
        browser.findElement(By.cssSelector("tr[data-id='" + behind + "'] a.open"))
                .click();
        waitFor(By.cssSelector("#timeline tr.entry[data-type='WAITING']"));
        assertThat(browser.findElement(By.id("timeline-status")).getText()).isEqualTo("ACCEPTED");
        assertThat(browser.findElements(By.cssSelector("#timeline tr.entry")))
                .extracting(e -> e.getAttribute("data-type"))
                .containsExactly("ACCEPTED", "SIGNED", "WAITING");
        WebElement wait = browser.findElement(By.cssSelector("#timeline tr.waiting td:nth-child(3)"));
        assertThat(wait.getText())
                .startsWith("waiting behind " + head + " (attempt 1 not sent)")
                .contains("held by its ordered channel (a wait, not a failure)");
        assertThat(browser.findElement(By.id("timeline")).getText()).doesNotContain("RETRYABLE");
        byte[] png =
                ((org.openqa.selenium.TakesScreenshot) browser).getScreenshotAs(org.openqa.selenium.OutputType.BYTES);
        Files.write(Path.of("..", "docs", "audit-page-ordering.png"), png);

        // the link opens the notification it waits behind
        wait.findElement(By.cssSelector("a.behind")).click();
        wait(ExpectedConditions.textToBePresentInElementLocated(By.id("timeline-title"), head));
        assertThat(browser.findElement(By.id("timeline-status")).getText()).isEqualTo("RETRYING");
    }

    @Test
    void aNotificationDeliveredViaAFallbackShowsItsRouteAndWhereItWentOn() throws Exception {
        String tenant = "page-route-" + newId();
        String id = newId();
        recorder.record(AcceptedNotification.newBuilder(accepted(id))
                .setTenant(tenant)
                .setChannel("dingtalk-ops")
                .build());
        var refused = attempt(id, 1, Outcome.PERMANENT);
        refused.setTenant(tenant);
        refused.setChannel("dingtalk-ops");
        refused.setProviderCode("310000");
        refused.setProviderMessage("sign not match");
        refused.setReroutedTo("wecom-ops");
        recorder.record(refused);
        var delivered = attempt(id, 2, Outcome.DELIVERED);
        delivered.setTenant(tenant);
        delivered.setChannel("wecom-ops");
        delivered.setProvider("wecom");
        recorder.record(delivered);
        browser.get("http://127.0.0.1:" + port + "/");

        type("token", READ_TOKEN);
        type("f-tenant", tenant);
        click("search");
        waitFor(By.cssSelector("tr[data-id='" + id + "'] a.open"));
        browser.findElement(By.cssSelector("tr[data-id='" + id + "'] a.open")).click();
        waitFor(By.id("route"));

        assertThat(browser.findElement(By.id("timeline-status")).getText()).isEqualTo("DELIVERED");
        assertThat(browser.findElement(By.id("route-path")).getText()).isEqualTo("dingtalk-ops → wecom-ops");
        assertThat(browser.findElement(By.id("route-summary")).getText())
                .isEqualTo("delivered via fallback wecom-ops after dingtalk-ops: PERMANENT 310000 sign not match");
        assertThat(browser.findElements(By.cssSelector("#timeline tr.entry")))
                .extracting(e -> e.getAttribute("data-type"))
                .containsSubsequence("ATTEMPT", "REROUTED", "ATTEMPT");
        byte[] png =
                ((org.openqa.selenium.TakesScreenshot) browser).getScreenshotAs(org.openqa.selenium.OutputType.BYTES);
        Files.write(Path.of("..", "docs", "audit-page-route.png"), png);
    }

    @Test
    void pageWithoutATokenSaysWhy() {
        browser.get("http://127.0.0.1:" + port + "/");
        browser.findElement(By.id("token")).clear();

        click("search");

        wait(ExpectedConditions.textToBePresentInElementLocated(By.id("message"), "401"));
        assertThat(browser.findElement(By.id("signin-prompt")).isDisplayed()).isTrue();
    }

    @Test
    void withoutATokenThePageShowsTheSignInPromptAndNoData() {
        String tenant = "page-" + newId();
        record(tenant, Outcome.DELIVERED);
        browser.get("http://127.0.0.1:" + port + "/");
        js("sessionStorage.clear()");
        browser.navigate().refresh();

        assertThat(browser.findElement(By.id("signin-prompt")).isDisplayed()).isTrue();
        assertThat(browser.findElement(By.id("signin-prompt")).getText()).startsWith("Sign in:");
        type("f-tenant", tenant);
        click("search");
        wait(ExpectedConditions.textToBePresentInElementLocated(By.id("message"), "401 Unauthorized"));
        assertThat(browser.findElement(By.id("signin-prompt")).isDisplayed()).isTrue();
        assertThat(rowIds()).isEmpty();

        // a wrong token is refused the same way, and not kept
        type("token", READ_TOKEN + "-wrong");
        click("sign-in");
        wait(ExpectedConditions.textToBePresentInElementLocated(By.id("message"), "The credential was not accepted"));
        assertThat(rowIds()).isEmpty();
        assertThat(js("return sessionStorage.getItem('herald-audit-token')")).isNull();
    }

    @Test
    void theTokenStaysInTheTabAndTheTenantsTokenSeesOnlyItsTenant() {
        String channel = "page-ch-" + newId();
        String mine = recordOnChannel(channel, TENANT_A);
        recordOnChannel(channel, TENANT_B);
        recordOnChannel(channel, null);
        browser.get("http://127.0.0.1:" + port + "/");

        type("token", TENANT_A_READ_TOKEN);
        type("f-channel", channel);
        click("sign-in");
        waitFor(By.cssSelector("tr[data-id='" + mine + "']"));

        assertThat(rowIds()).containsExactly(mine);
        assertThat(browser.findElement(By.id("signin-prompt")).isDisplayed()).isFalse();
        assertThat(js("return sessionStorage.getItem('herald-audit-token')")).isEqualTo(TENANT_A_READ_TOKEN);
        assertThat(js("return localStorage.length")).isEqualTo(0L);
        assertThat(js("return document.cookie")).isEqualTo("");
        assertThat(browser.manage().getCookies()).isEmpty();
        assertThat(browser.getCurrentUrl()).doesNotContain(TENANT_A_READ_TOKEN);

        click("sign-out");

        assertThat(js("return sessionStorage.getItem('herald-audit-token')")).isNull();
        assertThat(rowIds()).isEmpty();
        assertThat(browser.findElement(By.id("signin-prompt")).isDisplayed()).isTrue();
        assertThat(js("return localStorage.length")).isEqualTo(0L);
        assertThat(browser.manage().getCookies()).isEmpty();
    }

    @Test
    void anOperatorNoticesLinkOpensThePageSearchingItsCause() {
        String channel = "page-ops-" + newId().substring(2, 10);
        String dead = newId();
        String waiting = recordOnChannel(channel, null);
        var deadLetter = deadLetter(dead, Outcome.PERMANENT);
        deadLetter.setChannel(channel);
        deadLetter.getNotification().setChannel(channel);
        recorder.record(deadLetter);
        String link = "http://127.0.0.1:" + port + "/#channel=" + channel + "&status=DEAD_LETTERED";

        // opened in a new tab: nothing is searched before sign-in, and the filters are the link's
        browser.get("http://127.0.0.1:" + port + "/");
        js("sessionStorage.clear()");
        browser.get("about:blank");
        browser.get(link);
        assertThat(browser.findElement(By.id("f-channel")).getAttribute("value"))
                .isEqualTo(channel);
        assertThat(browser.findElement(By.id("f-status")).getAttribute("value")).isEqualTo("DEAD_LETTERED");
        assertThat(rowIds()).isEmpty();
        type("token", READ_TOKEN);
        click("sign-in");
        waitFor(By.cssSelector("tr[data-id='" + dead + "']"));
        assertThat(rowIds()).containsExactly(dead);

        // followed again in the signed-in tab: it searches at once
        browser.get("about:blank");
        browser.get(link.replace("DEAD_LETTERED", "ACCEPTED"));
        waitFor(By.cssSelector("tr[data-id='" + waiting + "']"));
        assertThat(rowIds()).containsExactly(waiting);
    }

    @Test
    void aFailedAttemptShowsItsExplanationWithTheProvidersDocs() throws Exception {
        String tenant = "page-" + newId();
        String id = newId();
        recorder.record(
                AcceptedNotification.newBuilder(accepted(id)).setTenant(tenant).build());
        var attempt = io.herald.schema.DeliveryAttempt.newBuilder(attempt(id, 1, Outcome.PERMANENT))
                .setTenant(tenant)
                .setProviderCode("310000")
                .setProviderMessage("sign not match")
                .setExplanation(new io.herald.schema.FailureExplanation(
                        "DingTalk 310000: sign not match: secret mismatch",
                        "the channel's secret is not the robot's: the signature was made by a trusted clock (Herald's"
                                + " trusted clock had an error bound of 0.008 s, DingTalk accepts 3600 s), so the time is"
                                + " not the cause. Copy the secret (SEC...) from the robot's security settings",
                        "https://open.dingtalk.com/document/robots/customize-robot-security-settings"))
                .build();
        recorder.record(attempt);
        browser.get("http://127.0.0.1:" + port + "/");

        type("token", READ_TOKEN);
        type("f-tenant", tenant);
        click("search");
        waitFor(By.cssSelector("tr[data-id='" + id + "'] a.open"));
        browser.findElement(By.cssSelector("tr[data-id='" + id + "'] a.open")).click();
        waitFor(By.cssSelector("#timeline tr.entry[data-type='ATTEMPT'] .explanation"));

        WebElement shown = browser.findElement(By.cssSelector("#timeline tr.entry[data-type='ATTEMPT'] .explanation"));
        assertThat(shown.findElement(By.className("why")).getText())
                .isEqualTo("DingTalk 310000: sign not match: secret mismatch");
        assertThat(shown.findElement(By.className("cause")).getText())
                .startsWith("Likely cause: the channel's secret is not the robot's");
        WebElement docs = shown.findElement(By.cssSelector("a.docs"));
        assertThat(docs.getAttribute("href"))
                .isEqualTo("https://open.dingtalk.com/document/robots/customize-robot-security-settings");
        assertThat(docs.getAttribute("rel")).contains("noopener");
        // the raw details keep the provider's own code, without the explanation repeated as JSON
        assertThat(browser.findElement(By.cssSelector("#timeline tr.entry[data-type='ATTEMPT'] pre"))
                        .getText())
                .contains("providerCode=310000")
                .doesNotContain("likelyCause");

        byte[] png =
                ((org.openqa.selenium.TakesScreenshot) browser).getScreenshotAs(org.openqa.selenium.OutputType.BYTES);
        Path docsDir = Path.of("..", "docs");
        if (Files.isDirectory(docsDir)) {
            Files.write(docsDir.resolve("page-failure-explained.png"), png);
        }
        assertThat(png).isNotEmpty();
    }

    private String recordOnChannel(String channel, String tenant) {
        String id = newId();
        recorder.record(AcceptedNotification.newBuilder(accepted(id))
                .setTenant(tenant)
                .setChannel(channel)
                .build());
        return id;
    }

    private static Object js(String script) {
        return ((JavascriptExecutor) browser).executeScript(script);
    }

    private String record(String tenant, Outcome outcome) {
        String id = newId();
        var a = attempt(id, 1, outcome);
        a.setTenant(tenant);
        // consumed as the listener does, with the trace context its producer sent
        var consumed = new ConsumerRecord<String, Object>(
                "herald.accepted",
                0,
                0L,
                id,
                AcceptedNotification.newBuilder(accepted(id)).setTenant(tenant).build());
        consumed.headers().add("traceparent", ("00-" + TRACE_ID + "-00f067aa0ba902b7-01").getBytes(UTF_8));
        recorder.recordBatch(List.of(consumed), AcceptedNotification.class, AuditEvents::accepted);
        recorder.record(a);
        if (outcome == Outcome.PERMANENT) {
            var dl = deadLetter(id, outcome, a);
            dl.setTenant(tenant);
            dl.getNotification().setTenant(tenant);
            recorder.record(dl);
        }
        return id;
    }

    private List<String> rowIds() {
        return browser.findElements(By.cssSelector("#results tbody tr")).stream()
                .map(r -> r.getAttribute("data-id"))
                .toList();
    }

    private static void type(String id, String text) {
        WebElement field = browser.findElement(By.id(id));
        field.clear();
        field.sendKeys(text);
    }

    private static void click(String id) {
        browser.findElement(By.id(id)).click();
    }

    private static void waitFor(By locator) {
        wait(ExpectedConditions.presenceOfElementLocated(locator));
    }

    private static <T> void wait(org.openqa.selenium.support.ui.ExpectedCondition<T> condition) {
        new WebDriverWait(browser, Duration.ofSeconds(15)).until(condition);
    }
}
