package io.faas.examples.admin;

import io.faas.api.FunctionVersion;

import io.faas.api.FunctionRuntime;
import io.faas.api.FunctionSpec;
import io.faas.examples.admin.Http.Response;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;
import tools.jackson.databind.JsonNode;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The web UI in a real headless Chromium, on the app context the API tests share: the old
 * system's whole flow (topic, upload, a refused upload, publish, output logs, edit, publish
 * again), a failed run redriven, a narrow window, the keyboard, and that nothing is fetched from
 * another host. Every test leaves screenshots in {@code target/screenshots/}.
 */
class WebUiIT extends AbstractAdminIT {

    private static final AtomicBoolean BROKEN = new AtomicBoolean(true);
    private static Browser browser;
    private static boolean signedIn;

    @BeforeAll
    static void startBrowser() {
        browser = Browser.start();
    }

    @AfterAll
    static void stopBrowser() {
        if (browser != null) {
            browser.close();
        }
    }

    @BeforeEach
    void desktop() {
        browser.base(port).desktop();
        if (!signedIn) {
            browser.signIn(TOKEN);
            signedIn = true;
        }
        browser.consoleErrors();
    }

    @AfterEach
    void noScriptErrors(TestInfo test) {
        assertThat(browser.consoleErrors()).as("console errors in " + test.getDisplayName()).isEmpty();
    }

    @Test
    void theOldSystemsFlowFromTopicToANewVersionsResult() throws IOException {
        String topic = unique("orders");
        String fn = unique("greeter");

        // 1. create a topic
        browser.open("#/topics");
        browser.find("#topic-name").sendKeys(topic);
        WebElement partitions = browser.find("#topic-partitions");
        partitions.clear();
        partitions.sendKeys("2");
        new Select(browser.find("#topic-ordering")).selectByValue("KEY");
        browser.find("#topic-submit").click();
        WebElement row = browser.waitVisible("tr[data-topic='" + topic + "']");
        assertThat(row.getText()).contains(topic, "2", "key", "none");
        browser.screenshot("flow-01-topic-created");

        // 2. upload a broken file: refused, with the validator's findings
        browser.go("#/functions/new");
        browser.find("#fn-name").sendKeys(fn);
        browser.find("#pick-topic-" + topic).click();
        browser.find("#fn-file").sendKeys(file("broken.py",
                "import os\ndef handler(event, context):\n    return undefined_name\n").toString());
        browser.waitText(".file-diagnostics", "undefined name 'undefined_name'");
        browser.find("#fn-submit").click();
        WebElement alert = browser.waitText(".form-errors .alert", "undefined name 'undefined_name'");
        assertThat(alert.findElements(By.cssSelector(".diagnostics li"))).hasSize(2);
        assertThat(alert.getText()).contains("line 3, col 12", "'os' imported but unused");
        browser.screenshot("flow-02-broken-upload-refused");

        // 3. upload the good file
        browser.find("#fn-file").sendKeys(file("greeter.py", "def handler(event, context):\n"
                + "    print('got', event)\n    return 'v1: ' + event['task']\n").toString());
        browser.find("#fn-submit").click();
        browser.until(d -> d.getCurrentUrl().endsWith("#/functions/" + fn));
        browser.waitReady();
        assertThat(browser.waitText("#current-version", "v1").getText()).isEqualTo("v1");
        assertThat(browser.find(".CodeMirror").getText()).contains("return 'v1: ' + event['task']");
        browser.screenshot("flow-03-function-created");

        // 4. publish an event (the old user site): invalid JSON is refused before sending
        browser.go("#/publish?topic=" + topic);
        typeInEditor("#json-editor", "{\"task\": \"hello\"");
        browser.waitText("#json-status", "Not valid JSON");
        assertThat(browser.find("#publish-send").isEnabled()).isFalse();
        browser.screenshot("flow-04-invalid-json");
        browser.active().sendKeys("}");
        browser.waitText("#json-status", "Valid JSON");
        browser.find("#publish-key").sendKeys("k1");
        browser.find("#publish-send").click();
        WebElement card = browser.until(d -> d.findElements(
                By.cssSelector(".result-card[data-function='" + fn + "'][data-status='SUCCEEDED']")).stream()
                .findFirst().orElse(null));
        assertThat(card.getText()).contains("v1: hello", "v1");
        browser.screenshot("flow-05-published-result");

        // 5. the output logs show it, and a new run appears live, without a reload
        browser.go("#/logs?function=" + fn);
        browser.waitText("#logs-body tr.log-row", "v1: hello");
        browser.js("window.__noReload = true");
        assertThat(http.post("/api/topics/" + topic + "/events", "{\"task\": \"live\"}").status()).isEqualTo(202);
        WebElement live = browser.waitText("#logs-body tr.log-row", "v1: live");
        assertThat(browser.js("return window.__noReload")).isEqualTo(true);
        assertThat(browser.all("#logs-body tr.log-row").get(0).getText()).as("newest on top").contains("v1: live");
        live.click();
        browser.waitText("tr.log-detail", "got {'task': 'live'}");
        browser.screenshot("flow-06-output-logs-live");

        // 6. edit the function: findings show on the line as you type, then save version 2
        browser.go("#/functions/" + fn + "/edit");
        typeInEditor("#code-editor", "def handler(event, context):\nreturn undefined_thing");
        WebElement inline = browser.waitText("#code-editor .cm-diag-widget-error", "undefined name 'undefined_thing'");
        assertThat(inline.getText()).startsWith("2:");
        assertThat(browser.find("#validation-status").getText()).contains("1 error");
        browser.screenshot("flow-07-inline-diagnostics");
        // The whole module at once, as a paste: typed key by key, the editor's auto-indent and
        // bracket closing made the result depend on timing on a loaded machine.
        browser.js("document.querySelector('#code-editor .CodeMirror').CodeMirror.setValue(arguments[0])",
                "def handler(event, context):\n    print('v2 got', event)\n    return 'v2: ' + event['task'].upper()\n");
        browser.waitText("#validation-status", "No problems found");
        assertThat(browser.all("#code-editor .cm-diag-widget")).isEmpty();
        browser.find("#fn-submit").click();
        browser.until(d -> d.getCurrentUrl().endsWith("#/functions/" + fn));
        browser.waitReady();
        browser.waitText("#current-version", "v2");
        assertThat(browser.all("#versions-table tbody tr")).hasSize(2);
        browser.screenshot("flow-08-version-2");

        // 7. publish again: the new version answers
        browser.go("#/publish?topic=" + topic);
        typeInEditor("#json-editor", "{\"task\": \"again\"}");
        browser.waitText("#json-status", "Valid JSON");
        browser.find("#publish-send").click();
        WebElement second = browser.until(d -> d.findElements(
                By.cssSelector(".result-card[data-function='" + fn + "'][data-version='2']")).stream()
                .findFirst().orElse(null));
        assertThat(second.getDomAttribute("data-status")).isEqualTo("SUCCEEDED");
        assertThat(second.getText()).contains("v2: AGAIN");
        browser.screenshot("flow-09-new-version-result");

        // 8. and both versions' results are in the output logs
        browser.go("#/logs?function=" + fn);
        browser.waitText("#logs-body tr.log-row", "v2: AGAIN");
        assertThat(browser.find("#logs-body").getText()).contains("v1: hello", "v1: live");
        browser.screenshot("flow-10-output-logs-both-versions");

        // the function page shows the runs in numbers and the chart
        browser.go("#/functions/" + fn);
        browser.waitVisible(".stat-cards .stat");
        browser.until(d -> !d.findElements(By.cssSelector(".charts canvas")).isEmpty());
        browser.waitText("#fn-invocations", "v2: AGAIN");
        assertThat(browser.find(".stat-cards").getText()).contains("3", "0%");
        browser.screenshot("flow-11-function-detail");
    }

    @Test
    void theFormSetsEnvironmentAndSecretsAndNoPageShowsASecretsValue() throws IOException {
        String secret = "ui-s3cr3t-Value-55";
        String topic = topic();
        String fn = unique("uisecret");

        browser.go("#/functions/new");
        browser.find("#fn-name").sendKeys(fn);
        browser.find("#pick-topic-" + topic).click();
        browser.find("#fn-file").sendKeys(file("env.py", "import os\ndef handler(event, context):\n"
                + "    return [os.environ['MODE'], os.environ['TOKEN']]\n").toString());
        browser.find("#config-summary").click();
        browser.find("#add-env").click();
        browser.find("#env-rows .env-name").sendKeys("MODE");
        browser.find("#env-rows .env-value").sendKeys("fast");
        browser.find("#add-secret").click();
        browser.find("#secret-rows .secret-name").sendKeys("TOKEN");
        WebElement value = browser.find("#secret-rows .secret-value");
        assertThat(value.getDomAttribute("type")).isEqualTo("password");
        value.sendKeys(secret);
        browser.screenshot("secrets-01-form");
        browser.find("#fn-submit").click();
        browser.until(d -> d.getCurrentUrl().endsWith("#/functions/" + fn));
        browser.waitReady();
        assertThat(browser.waitText("#env-table", "MODE").getText()).contains("fast");
        assertThat(browser.find("#secret-names").getText()).contains("TOKEN", "(value hidden)");
        assertThat(shown()).doesNotContain(secret);
        browser.screenshot("secrets-02-detail");

        browser.go("#/functions/" + fn + "/edit");
        WebElement stored = browser.waitVisible("#secret-rows .secret-row[data-stored='TOKEN'] .secret-value");
        assertThat(stored.getDomProperty("value")).isEmpty();
        assertThat(shown()).doesNotContain(secret);
        stored.sendKeys("replaced-" + secret);
        browser.find("#fn-submit").click();
        browser.until(d -> d.getCurrentUrl().endsWith("#/functions/" + fn));
        browser.waitReady();
        browser.waitText("#current-version", "v2");
        assertThat(((io.faas.core.internal.registry.MongoFunctionRegistry) faasClient.functions()).secretValues(fn))
                .containsEntry("TOKEN", "replaced-" + secret);
        browser.screenshot("secrets-03-replaced");
    }

    @Test
    void aFilterIsDryRunAgainstTheTopicsLatestEventsAndPastedOnesThenStored() throws IOException {
        String topic = topic();
        doubling(topic);
        for (String event : List.of("{\"n\": 1}", "{\"n\": 150}")) {
            Response r = http.post("/api/topics/" + topic + "/events?wait=PT20S&key=k-" + event.length(), event);
            assertThat(r.json().get("complete").asBoolean()).as(r.toString()).isTrue();
        }
        String fn = unique("uifilter");

        browser.go("#/functions/new");
        browser.find("#fn-name").sendKeys(fn);
        browser.find("#pick-topic-" + topic).click();
        browser.find("#fn-file").sendKeys(file("filtered.py", "def handler(event, context):\n    return event\n")
                .toString());
        browser.find("#filters-summary").click();
        WebElement filter = browser.waitVisible("#filter-" + topic);
        filter.sendKeys("{\"n\": [{\"numeric\": [\">\", 100]}]}");
        browser.find("#dry-run-" + topic).click();
        browser.waitText("#dry-run-results-" + topic, "1 of 2 latest events match");
        assertThat(browser.all("#dry-run-results-" + topic + " .dry-run-row.match")).singleElement()
                .extracting(WebElement::getText).asString().contains("150");
        assertThat(browser.all("#dry-run-results-" + topic + " .dry-run-row.no-match")).hasSize(1);
        browser.screenshot("filter-01-dry-run-latest");

        browser.find("#filter-panel-" + topic + " details summary").click();
        browser.waitVisible("#filter-events-" + topic).sendKeys(
                "[{\"n\": 101}, {\"n\": \"200\"}, {\"n\": 7, \"$key\": \"x\"}]");
        browser.find("#dry-run-" + topic).click();
        browser.waitText("#dry-run-results-" + topic, "1 of 3 pasted events match");
        browser.screenshot("filter-02-dry-run-pasted");

        filter.clear();
        filter.sendKeys("{\"n\": [{\"numeric\": [\">\"]}]}");
        browser.find("#dry-run-" + topic).click();
        browser.waitText("#filter-panel-" + topic + " .inline-error", "filter.n: numeric needs");
        browser.screenshot("filter-03-dry-run-invalid");

        filter.clear();
        filter.sendKeys("{\"n\": [{\"numeric\": [\">\", 100]}]}");
        browser.find("#fn-submit").click();
        browser.until(d -> d.getCurrentUrl().endsWith("#/functions/" + fn));
        browser.waitReady();
        assertThat(faasClient.functions().get(fn).orElseThrow().spec().filterFor(topic).orElseThrow().pattern())
                .isEqualTo(Map.of("n", List.of(Map.of("numeric", List.of(">", 100L)))));
        assertThat(browser.waitVisible("#filter-of-" + topic).getText()).contains("numeric");
        browser.waitText(".stat-note", "events its filters kept");
        browser.screenshot("filter-04-detail");

        browser.go("#/functions/" + fn + "/edit");
        assertThat(browser.waitVisible("#filter-" + topic).getDomProperty("value")).contains("numeric");
        browser.screenshot("filter-05-edit");
    }

    @Test
    void aFailedRunShowsItsTracebackAndIsRedriven() {
        String topic = topic();
        String fn = unique("charge");
        BROKEN.set(true);
        faasClient.functions().register(FunctionSpec.builder(fn).runtime(FunctionRuntime.JAVA).topics(topic)
                .maxAttempts(1).build(), (event, context) -> {
                    context.logger().info("charging " + event);
                    if (BROKEN.get()) {
                        throw new IllegalStateException("card declined");
                    }
                    return Map.of("charged", true);
                });
        Response published = http.post("/api/topics/" + topic + "/events?wait=PT20S", "{\"amount\": 5}");
        assertThat(published.json().get("invocations").get(0).get("status").asString()).isEqualTo("FAILED");

        browser.open("#/logs?function=" + fn + "&status=FAILED");
        assertThat(new Select(browser.find("#filter-status")).getFirstSelectedOption().getText()).isEqualTo("failed");
        WebElement row = browser.waitText("#logs-body tr.log-row", "card declined");
        assertThat(row.getDomAttribute("data-status")).isEqualTo("FAILED");
        row.click();
        WebElement detail = browser.waitText("tr.log-detail", "Traceback");
        assertThat(detail.getText()).contains("IllegalStateException", "charging {amount=5}");
        browser.screenshot("redrive-01-failed-with-traceback");

        BROKEN.set(false);
        detail.findElement(By.cssSelector("button.redrive")).click();
        browser.waitText(".toast", "Redriving " + fn);
        new Select(browser.find("#filter-status")).selectByValue("");
        browser.waitText("#logs-body tr.log-row[data-status='SUCCEEDED']", "{\"charged\":true}");
        assertThat(browser.all("#logs-body tr.log-row")).as("the same record, not a new one").hasSize(1);
        browser.screenshot("redrive-02-succeeded");
    }

    @Test
    void destinationsAndBatchesAreSetOnTheFormShownAndAReplayRunsFromItsPage() throws IOException {
        String in = topic();
        String out = topic();
        String fn = unique("uibatch");
        browser.go("#/functions/new");
        browser.find("#fn-name").sendKeys(fn);
        browser.find("#pick-topic-" + in).click();
        browser.find("#fn-file").sendKeys(file("batched.py",
                "def handler(events, context):\n    return [{'seen': e['n']} for e in events]\n").toString());
        browser.find("#delivery-summary").click();
        new Select(browser.waitVisible("#fn-on-success")).selectByValue(out);
        browser.find("#fn-batch-size").sendKeys("5");
        browser.find("#fn-batch-window").sendKeys("200ms");
        browser.find("#fn-max-concurrency").sendKeys("2");
        browser.screenshot("delivery-01-form");
        browser.find("#fn-submit").click();
        browser.until(d -> d.getCurrentUrl().endsWith("#/functions/" + fn));
        browser.waitReady();
        FunctionSpec spec = faasClient.functions().get(fn).orElseThrow().spec();
        assertThat(spec.destinations().onSuccess()).isEqualTo(out);
        assertThat(spec.batching()).isEqualTo(new io.faas.api.Batching(5, java.time.Duration.ofMillis(200)));
        assertThat(spec.maxConcurrency()).isEqualTo(2);
        assertThat(browser.waitVisible("#fn-batching").getText()).contains("batches of 5");
        assertThat(browser.find("#fn-on-success").getText()).contains(out);
        browser.screenshot("delivery-02-detail");

        // the edit form shows what is stored, and saving keeps it
        browser.go("#/functions/" + fn + "/edit");
        assertThat(new Select(browser.waitVisible("#fn-on-success")).getFirstSelectedOption().getDomProperty("value"))
                .isEqualTo(out);
        assertThat(browser.find("#fn-batch-size").getDomProperty("value")).isEqualTo("5");

        Response published = http.post("/api/topics/" + in + "/events?wait=PT30S", "{\"n\": 4}");
        JsonNode record = published.json().get("invocations").get(0);
        assertThat(record.get("result").get("seen").asInt()).isEqualTo(4);
        browser.go("#/invocations/" + record.get("id").asString());
        assertThat(browser.waitVisible("#inv-destination").getText()).contains(out).contains("offset");
        assertThat(browser.find("#inv-batch").getText()).isEqualTo(record.get("batchId").asString());
        browser.screenshot("delivery-03-invocation");

        browser.go("#/replays");
        browser.waitVisible("#replay-name").sendKeys("again");
        new Select(browser.find("#replay-function")).selectByValue(fn);
        new Select(browser.find("#replay-topic")).selectByValue(in);
        browser.find("#replay-start").click();
        browser.waitText("#replay-table tr[data-status='DONE'] .replay-progress", "1 of 1");
        browser.screenshot("delivery-04-replay-done");
        assertThat(faasClient.replays().list()).anyMatch(r -> r.request().name().equals("again")
                && r.status() == io.faas.api.ReplayStatus.DONE && r.done() == 1);
    }

    @Test
    void everyPageFitsANarrowWindow() {
        String topic = topic();
        String fn = unique("narrow");
        assertThat(http.post("/api/functions", python(fn, topic)).status()).isEqualTo(201);
        http.post("/api/topics/" + topic + "/events?wait=PT20S", "{\"a\": 1, \"b\": 2}");

        browser.emulateWidth(390, 844);
        Map<String, String> pages = new LinkedHashMap<>();
        pages.put("functions", "#/functions");
        pages.put("new-function", "#/functions/new");
        pages.put("function-detail", "#/functions/" + fn);
        pages.put("edit-function", "#/functions/" + fn + "/edit");
        pages.put("topics", "#/topics");
        pages.put("publish", "#/publish?topic=" + topic);
        pages.put("output-logs", "#/logs");
        pages.put("topic", "#/topics/" + topic);
        pages.put("dead-letters", "#/dead-letters");
        pages.put("replays", "#/replays");
        pages.put("layers", "#/layers");
        pages.put("tokens", "#/tokens");
        pages.put("audit", "#/audit");
        pages.forEach((name, page) -> {
            browser.open(page);
            if (name.equals("output-logs")) {
                browser.waitVisible("#logs-body tr.log-row").click();
                browser.waitVisible("tr.log-detail");
            }
            long overflow = ((Number) browser.js(
                    "return document.documentElement.scrollWidth - document.documentElement.clientWidth")).longValue();
            assertThat(overflow).as("sideways scrolling on %s, from %s", page, browser.js("""
                    const w = document.documentElement.clientWidth;
                    const clipped = e => { for (let p = e.parentElement; p; p = p.parentElement) {
                      if (getComputedStyle(p).overflowX !== 'visible') return true; } return false; };
                    return [...document.querySelectorAll('body *')]
                      .filter(e => e.getBoundingClientRect().right > w + 1 && !clipped(e))
                      .slice(0, 5).map(e => e.tagName + '.' + e.className + ' ' + Math.round(e.getBoundingClientRect().right));
                    """)).isLessThanOrEqualTo(0);
            assertThat(browser.find("nav.nav").isDisplayed()).isTrue();
            assertThat(cutOffTables()).as("tables wider than their box on " + page).isEmpty();
            @SuppressWarnings("unchecked")
            List<String> unreachable = (List<String>) browser.js("""
                    const w = document.documentElement.clientWidth;
                    return [...document.querySelectorAll('.nav a:not([hidden])')]
                      .filter(a => { const r = a.getBoundingClientRect(); return r.width === 0 || r.left < 0 || r.right > w; })
                      .map(a => a.textContent);""");
            assertThat(unreachable).as("menu entries out of reach on " + page).isEmpty();
            assertThat(browser.all(".nav a:not([hidden])")).as("every menu entry, the API page included").hasSize(10);
            assertThat(browser.find("main h1").isDisplayed()).isTrue();
            browser.screenshot("narrow-" + name);
        });
    }

    @Test
    void theKeyboardAloneCreatesAndDeletesATopic() {
        String topic = unique("keys");
        browser.open("#/topics");
        assertThat(browser.active().getText()).as("a new page puts the focus on its heading").isEqualTo("Topics");
        browser.active().sendKeys(Keys.TAB);
        assertThat(browser.active().getDomAttribute("id")).as("then the first field").isEqualTo("topic-name");
        browser.js("document.querySelector('.skip-link').focus()");
        assertThat(browser.active().getText()).isEqualTo("Skip to content");
        browser.active().sendKeys(Keys.ENTER);
        assertThat(browser.active().getDomAttribute("id")).as("the skip link").isEqualTo("main");
        browser.active().sendKeys(Keys.TAB);
        assertThat(browser.active().getDomAttribute("id")).isEqualTo("topic-name");
        browser.active().sendKeys(topic, Keys.ENTER);
        browser.waitVisible("tr[data-topic='" + topic + "']");
        assertThat(browser.active().getDomAttribute("id")).as("focus back on the name").isEqualTo("topic-name");

        WebElement delete = browser.find("button[aria-label='Delete topic " + topic + "']");
        delete.sendKeys(Keys.ENTER);
        browser.waitVisible("dialog[open]");
        assertThat(browser.active().getText()).as("Cancel has the focus").isEqualTo("Cancel");
        browser.screenshot("keyboard-01-confirm-dialog");
        browser.active().sendKeys(Keys.ESCAPE);
        browser.until(d -> d.findElements(By.cssSelector("dialog[open]")).isEmpty());
        assertThat(browser.active().getDomAttribute("aria-label")).as("focus back on the button")
                .isEqualTo("Delete topic " + topic);
        assertThat(browser.all("tr[data-topic='" + topic + "']")).hasSize(1);

        browser.active().sendKeys(Keys.ENTER);
        browser.waitVisible("dialog[open]");
        browser.active().sendKeys(Keys.TAB);
        assertThat(browser.active().getText()).isEqualTo("Delete topic");
        browser.active().sendKeys(Keys.ENTER);
        browser.until(d -> d.findElements(By.cssSelector("tr[data-topic='" + topic + "']")).isEmpty());
    }

    @Test
    void everyControlHasALabelAndLogRowsOpenWithEnter() {
        String topic = topic();
        String fn = unique("labels");
        assertThat(http.post("/api/functions", python(fn, topic)).status()).isEqualTo(201);
        http.post("/api/topics/" + topic + "/events?wait=PT20S", "{\"a\": 2, \"b\": 3}");
        for (String page : List.of("#/functions", "#/functions/new", "#/functions/" + fn, "#/functions/" + fn + "/edit",
                "#/topics", "#/publish", "#/logs", "#/tokens", "#/audit", "#/topics/" + topic, "#/dead-letters")) {
            browser.open(page);
            @SuppressWarnings("unchecked")
            List<String> unlabelled = (List<String>) browser.js("""
                    return [...document.querySelectorAll('input, select, textarea, button')]
                      .filter(el => el.type !== 'hidden' && !el.closest('[hidden]'))
                      .filter(el => !(el.labels && el.labels.length) && !el.getAttribute('aria-label')
                        && !el.getAttribute('aria-labelledby') && !(el.tagName === 'BUTTON' && el.textContent.trim()))
                      .map(el => el.outerHTML.slice(0, 120));""");
            assertThat(unlabelled).as("controls without a label on " + page).isEmpty();
        }

        browser.open("#/logs?function=" + fn);
        WebElement row = browser.waitVisible("#logs-body tr.log-row");
        row.sendKeys(Keys.ENTER);
        browser.until(d -> "true".equals(row.getDomAttribute("aria-expanded")));
        assertThat(browser.waitVisible("tr.log-detail").getText().toLowerCase()).contains("user data", "result", "\"a\": 2");
        row.sendKeys(Keys.ENTER);
        browser.until(d -> "false".equals(row.getDomAttribute("aria-expanded")));
    }

    @Test
    void nothingIsLoadedFromAnotherHost() {
        String topic = topic();
        String fn = unique("offline");
        assertThat(http.post("/api/functions", python(fn, topic)).status()).isEqualTo(201);
        browser.open("#/functions");
        for (String page : List.of("#/functions/new", "#/functions/" + fn, "#/topics", "#/publish", "#/logs")) {
            browser.go(page);
        }
        @SuppressWarnings("unchecked")
        List<String> loaded = (List<String>) browser.js(
                "return performance.getEntriesByType('resource').map(e => e.name)");
        assertThat(loaded).isNotEmpty()
                .anyMatch(u -> u.contains("/webjars/codemirror/"))
                .anyMatch(u -> u.contains("/webjars/uplot/"))
                .allMatch(u -> u.startsWith(browser.base() + "/"), "served by the app itself");
        @SuppressWarnings("unchecked")
        List<String> fonts = (List<String>) browser.js(
                "return [...document.fonts].filter(f => f.status !== 'unloaded').map(f => f.family)");
        assertThat(fonts).as("no web fonts: system fonts only").isEmpty();
    }

    @Test
    void anAdminCreatesATokenSeesItOnceRevokesItAndSignsOut() {
        String name = unique("ui-token");
        browser.open("#/tokens");
        assertThat(browser.waitText("#whoami", "bootstrap").getText()).contains("admin");
        browser.find("#token-name").sendKeys(name);
        new Select(browser.find("#token-role")).selectByValue("viewer");
        browser.find("#token-submit").click();
        String value = browser.waitText("#token-value", "faas_").getText();
        browser.waitVisible("tr[data-token='" + name + "']");
        browser.screenshot("tokens-01-created-shown-once");
        assertThat(http.as(value).get("/api/topics").status()).as("the shown token works").isEqualTo(200);
        browser.go("#/topics");
        browser.go("#/tokens");
        assertThat(browser.find("main").getText()).as("shown once").doesNotContain(value);

        browser.find("button[aria-label='Revoke token " + name + "']").click();
        browser.waitVisible("dialog[open]");
        browser.find("dialog[open] button[value='ok']").click();
        browser.until(d -> d.findElements(By.cssSelector("tr[data-token='" + name + "']")).isEmpty());
        assertThat(http.as(value).get("/api/topics").status()).as("revoked").isEqualTo(401);

        browser.go("#/audit");
        browser.waitText("#audit-body tr.audit-row", "DELETE /api/tokens/" + name);
        assertThat(browser.find("#audit-body").getText()).contains("POST /api/tokens", "bootstrap");
        browser.screenshot("audit-01-entries");

        browser.find("#signout").click();
        browser.until(d -> d.getCurrentUrl().endsWith("/signin.html"));
        signedIn = false;
        browser.driver().get(browser.base() + "/#/topics");
        browser.until(d -> d.getCurrentUrl().contains("/signin.html"));
        browser.waitVisible("#signin-token");
        browser.find("#signin-token").sendKeys("faas_wrong-token-0123456789abcdef");
        browser.find("#signin-submit").click();
        browser.waitText("#signin-errors .alert", "not valid");
        browser.screenshot("signin-01-wrong-token");
    }

    @Test
    void anInvocationHasAPermalinkWithItsAttemptsRedrivesAndChain() {
        String topic = topic();
        String fn = unique("permalink");
        AtomicBoolean broken = new AtomicBoolean(true);
        faasClient.functions().register(FunctionSpec.builder(fn).runtime(FunctionRuntime.JAVA).topics(topic)
                .maxAttempts(2).build(), (event, context) -> {
                    context.logger().info("trying " + event);
                    if (broken.get()) {
                        throw new IllegalStateException("payment service down");
                    }
                    return Map.of("paid", true);
                });
        String other = doubling(topic);
        Response published = http.post("/api/topics/" + topic + "/events?wait=PT20S", "{\"n\": 7}");
        assertThat(published.json().get("complete").asBoolean()).as(published.toString()).isTrue();
        String eventId = published.json().get("eventId").asString();
        String id = null;
        for (var inv : published.json().get("invocations")) {
            if (inv.get("function").asString().equals(fn)) {
                id = inv.get("id").asString();
            }
        }
        assertThat(id).isNotNull();

        browser.open("#/logs?function=" + fn);
        browser.waitVisible("#logs-body tr.log-row").click();
        browser.waitVisible("tr.log-detail a.inv-link").click();
        String permalink = "#/invocations/" + java.net.URLEncoder.encode(id, java.nio.charset.StandardCharsets.UTF_8)
                .replace("+", "%20");
        browser.until(d -> d.getCurrentUrl().contains("#/invocations/"));
        browser.waitReady();
        assertThat(browser.waitText("#inv-status", "failed").isDisplayed()).isTrue();
        assertThat(browser.all("#inv-timeline li.tl-item")).hasSize(2);
        assertThat(browser.find("#inv-timeline").getText()).contains("Attempt 1", "Attempt 2", "payment service down");
        assertThat(browser.find("#inv-total").getText()).contains("over 2 attempts");
        assertThat(browser.find("#inv-facts").getText()).as("a time with its zone")
                .containsPattern("(?i)queued\\s+[^\\n]*\\d{2}:\\d{2}:\\d{2}[^\\n]* (UTC|GMT[^\\n]*|[A-Z]{3,5})\\n");
        assertThat(browser.find("#inv-event").getText()).contains("\"n\": 7");
        browser.waitText("#chain-table", other);
        assertThat(browser.find("#chain-table").getText()).contains(fn + " (this one)");
        assertThat(browser.find("main").getText()).contains("Never redriven.");
        browser.screenshot("invocation-01-failed-attempts");

        broken.set(false);
        browser.find("#inv-redrive").click();
        browser.waitText("#inv-status", "succeeded");
        browser.waitVisible("#inv-redrives");
        assertThat(browser.find("#inv-redrives").getText()).contains("#1", "failed", "payment service down");
        assertThat(browser.all("#inv-timeline li.tl-item")).hasSize(3);
        assertThat(browser.find("#inv-timeline").getText()).contains("Redrive 1, attempt 1");
        browser.screenshot("invocation-02-redriven");

        // the permalink opens the page by itself, also in a narrow window
        browser.emulateWidth(390, 844);
        browser.open(permalink);
        browser.waitText("#inv-status", "succeeded");
        assertNoSidewaysScrolling(permalink);
        browser.screenshot("invocation-03-narrow");
        assertThat(eventId).isNotBlank();
    }

    @Test
    void theOutputLogsFilterByEventIdAndTimeAndSearchResultsAndErrors() {
        String topic = topic();
        String doubler = doubling(topic);
        String failing = failing(topic);
        Response first = http.post("/api/topics/" + topic + "/events?wait=PT20S", "{\"n\": 1234}");
        Response second = http.post("/api/topics/" + topic + "/events?wait=PT20S", "{\"n\": 5}");
        String firstId = first.json().get("eventId").asString();

        browser.open("#/logs?eventId=" + firstId);
        browser.waitText("#logs-body tr.log-row", "2468");
        assertThat(browser.find("#filter-event").getDomProperty("value")).isEqualTo(firstId);
        assertThat(browser.all("#logs-body tr.log-row")).as("the event's two runs only").hasSize(2);
        assertThat(browser.find("#logs-note").getText()).startsWith("Times in ");
        browser.screenshot("logs-01-by-event");

        browser.open("#/logs?topic=" + topic);
        browser.waitText("#logs-body tr.log-row", "{\"doubled\":10}");
        WebElement search = browser.find("#filter-q");
        search.sendKeys("always fails", Keys.ENTER);
        browser.until(d -> browser.all("#logs-body tr.log-row").size() == 2
                && browser.all("#logs-body tr.log-row").stream().allMatch(r -> failing.equals(r.getDomAttribute("data-function"))));
        assertThat(browser.driver().getCurrentUrl()).contains("q=always+fails");
        assertThat(browser.find("#logs-note").getText()).isEqualTo("Searched all 4 records.");
        browser.screenshot("logs-02-search-errors");
        search.clear();
        search.sendKeys("2468", Keys.ENTER);
        browser.until(d -> browser.all("#logs-body tr.log-row").size() == 1);
        assertThat(browser.find("#logs-body tr.log-row").getDomAttribute("data-function")).isEqualTo(doubler);

        // a time range that ends before the runs shows none of them
        browser.open("#/logs?topic=" + topic + "&to=2020-01-01T00:00:00.000Z");
        browser.waitText("main .empty", "No invocations match");
        assertThat(browser.find("#filter-to").getDomProperty("value")).startsWith("20");
        browser.screenshot("logs-03-time-range");
        assertThat(second.status()).isEqualTo(200);
    }

    @Test
    void aSavedTestEventIsStoredNamedAndSentAgain() {
        String topic = topic();
        String fn = unique("saver");
        assertThat(http.post("/api/functions", python(fn, topic)).status()).isEqualTo(201);

        browser.open("#/publish?topic=" + topic);
        typeInEditor("#json-editor", "{\"a\": 40, \"b\": 2}");
        browser.waitText("#json-status", "Valid JSON");
        browser.find("#publish-key").sendKeys("k-saved");
        browser.find("#saved-name").sendKeys("answer");
        new Select(browser.find("#saved-target")).selectByValue("function:" + fn);
        browser.find("#saved-save").click();
        browser.waitText(".toast", "Saved answer");
        assertThat(http.get("/api/saved-events?function=" + fn).json().get(0).get("key").asString()).isEqualTo("k-saved");
        browser.screenshot("saved-01-saved");

        browser.go("#/topics");
        browser.go("#/publish?topic=" + topic);
        assertThat(browser.find("#publish-key").getDomProperty("value")).as("a new page").isEmpty();
        new Select(browser.find("#saved-events")).selectByVisibleText("answer (for " + fn + ")");
        browser.waitText(".toast", "Loaded answer");
        assertThat(browser.find("#json-editor .CodeMirror").getText()).contains("\"a\": 40");
        assertThat(browser.find("#publish-key").getDomProperty("value")).isEqualTo("k-saved");
        browser.find("#publish-send").click();
        WebElement card = browser.until(d -> d.findElements(
                By.cssSelector(".result-card[data-function='" + fn + "'][data-status='SUCCEEDED']")).stream()
                .findFirst().orElse(null));
        assertThat(card.getText()).contains("42");
        browser.screenshot("saved-02-sent-again");

        browser.find("#saved-delete").click();
        browser.waitVisible("dialog[open]");
        browser.find("dialog[open] button[value='ok']").click();
        browser.waitText(".toast", "Deleted answer");
        assertThat(http.get("/api/saved-events?function=" + fn).json()).isEmpty();
    }

    @Test
    void aTopicPageShowsPartitionsLagFunctionsAndTheLatestMessages() {
        String topic = unique("shop");
        assertThat(http.post("/api/topics", Map.of("name", topic, "partitions", 2)).status()).isEqualTo(201);
        String doubler = doubling(topic);
        for (int n = 1; n <= 3; n++) {
            http.post("/api/topics/" + topic + "/events?wait=PT20S&key=k" + n, "{\"n\": " + n + "}");
        }
        browser.open("#/topics");
        browser.find("#topics-table a[href='#/topics/" + topic + "']").click();
        browser.until(d -> d.getCurrentUrl().endsWith("#/topics/" + topic));
        browser.waitReady();
        assertThat(browser.all("#topic-partitions tbody tr")).hasSize(2);
        browser.until(d -> browser.find("#topic-lag").getText().equals("Lag in all: 0 records")
                && browser.all("#topic-partitions .partition-lag .muted").isEmpty());
        assertThat(browser.find("#topic-functions").getText()).contains(doubler, "runs for every event");
        browser.waitVisible("#messages-table");
        assertThat(browser.all("#messages-table tr.message-row")).hasSize(3);
        assertThat(browser.find("#messages-table tr.message-row").getText()).contains("{\"n\": 3}", "k3");
        browser.screenshot("topic-01-detail");

        browser.emulateWidth(390, 844);
        browser.open("#/topics/" + topic);
        browser.waitVisible("#messages-table");
        assertNoSidewaysScrolling("#/topics/" + topic);
        browser.screenshot("topic-02-narrow");
    }

    @Test
    void theDeadLetterPageShowsWhyAndRedrivesOneOrAFilteredSet() {
        String topic = topic();
        String fn = unique("dl");
        AtomicBoolean broken = new AtomicBoolean(true);
        faasClient.functions().register(FunctionSpec.builder(fn).runtime(FunctionRuntime.JAVA).topics(topic)
                .maxAttempts(1).build(), (event, context) -> {
                    int n = ((Number) ((Map<?, ?>) event).get("n")).intValue();
                    if (n > 100) {
                        throw new IllegalArgumentException("amount too large: " + n);
                    }
                    if (broken.get()) {
                        throw new IllegalStateException("ledger locked");
                    }
                    return n;
                });
        for (int n : new int[] {1, 2, 3, 500}) {
            http.post("/api/topics/" + topic + "/events?wait=PT20S", "{\"n\": " + n + "}");
        }
        browser.open("#/dead-letters?function=" + fn);
        browser.waitText("#dl-total", "4 records");
        assertThat(browser.find("#dl-types").getText()).contains("java.lang.IllegalStateException 3",
                "java.lang.IllegalArgumentException 1");
        assertThat(browser.all("#dl-items li.dl-item")).hasSize(4);
        assertThat(browser.find("#dl-items").getText()).contains("amount too large: 500", "ledger locked");
        browser.screenshot("dead-letters-01");

        broken.set(false);
        // one: the amount that is too large fails again
        browser.find("#dl-items li.dl-item[data-status='FAILED'] button.redrive").click();
        browser.waitText(".toast", "Redriving " + fn);

        // a filtered set: only the IllegalStateException ones
        browser.find("#dl-types button[aria-pressed='false']").click();
        browser.waitVisible("#dl-types button[aria-pressed='true']");
        assertThat(browser.driver().getCurrentUrl()).contains("errorType=java.lang.IllegalStateException");
        browser.waitText("#dl-total", "3 records");
        browser.find("#dl-redrive-all").click();
        browser.waitVisible("dialog[open]");
        browser.find("dialog[open] button[value='ok']").click();
        browser.waitText("#dl-progress-text", "Done:");
        assertThat(browser.find("#dl-progress-text").getText()).containsPattern("Done: \\d of \\d redriven");
        browser.screenshot("dead-letters-02-bulk-done");
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(30)).until(() -> http.get(
                "/api/redrives/preview?function=" + fn + "&from=" + java.time.Instant.now().minusSeconds(600) + "&to="
                        + java.time.Instant.now().plusSeconds(5)).json().get("total").asInt() == 1);

        browser.emulateWidth(390, 844);
        browser.open("#/dead-letters?function=" + fn);
        browser.waitText("#dl-total", "1 record");
        assertNoSidewaysScrolling("#/dead-letters");
        browser.screenshot("dead-letters-03-narrow");
    }

    @Test
    void aFunctionPageComparesVersionsSideBySideAndRollsBack() {
        String topic = topic();
        String fn = unique("versions");
        Map<String, Object> v1 = python(fn, topic);
        v1.put("environment", Map.of("MODE", "slow"));
        v1.put("secrets", Map.of("API_KEY", "never-shown-9876"));
        assertThat(http.post("/api/functions", v1).status()).isEqualTo(201);
        Map<String, Object> v2 = python(null, topic);
        v2.put("source", "def handler(event, context):\n    total = event['a'] + event['b']\n    return total * 2\n");
        v2.put("timeout", "PT45S");
        assertThat(http.put("/api/functions/" + fn, v2).status()).isEqualTo(200);

        browser.open("#/functions/" + fn);
        WebElement diff = browser.waitVisible("#version-diff .diff");
        assertThat(browser.find("#settings-diff").getText()).contains("Timeout", "45 s");
        assertThat(browser.all("#version-diff .diff-changed, #version-diff .diff-added")).isNotEmpty();
        assertThat(diff.getText()).contains("return event['a'] + event['b']", "return total * 2");
        assertThat(browser.find(".meta-line").getText()).contains("timeout 45 s").doesNotContain("PT45S");
        assertThat(browser.find("#fn-config").getText()).contains("MODE", "slow", "API_KEY", "(value hidden)");
        assertThat(shown()).doesNotContain("never-shown-9876");
        browser.screenshot("versions-01-diff");

        browser.find("button[aria-label='Roll back to version 1']").click();
        browser.waitVisible("dialog[open]");
        browser.find("dialog[open] button[value='ok']").click();
        browser.waitText("#current-version", "v3");
        assertThat(browser.find(".CodeMirror").getText()).contains("return event['a'] + event['b']");
        assertThat(http.get("/api/functions/" + fn).json().get("version").asInt()).isEqualTo(3);
        browser.screenshot("versions-02-rolled-back");

        browser.emulateWidth(390, 844);
        browser.open("#/functions/" + fn);
        browser.waitVisible("#version-diff .diff");
        assertNoSidewaysScrolling("#/functions/" + fn);
        browser.screenshot("versions-03-narrow");
    }

    @Test
    void anAliasIsSetATopicRunsItTheShadowIsComparedAndTheAliasMovedBack() {
        String topic = topic();
        String fn = unique("aliased");
        Map<String, Object> v1 = python(fn, topic);
        v1.put("source", "def handler(event, context):\n    return {'sum': event['a'] + event['b']}\n");
        assertThat(http.post("/api/functions", v1).status()).isEqualTo(201);
        Map<String, Object> v2 = python(null, topic);
        v2.put("source", "def handler(event, context):\n    return {'sum': event['a'] * event['b']}\n");
        assertThat(http.put("/api/functions/" + fn, v2).status()).isEqualTo(200);

        browser.open("#/functions/" + fn);
        browser.waitVisible("#alias-form");
        assertThat(browser.find("#aliases-table").getText()).contains("latest", "v2 (newest)");
        browser.find("#alias-name").sendKeys("live");
        new Select(browser.find("#alias-version")).selectByValue("1");
        new Select(browser.find("#alias-shadow")).selectByValue("2");
        browser.find("#save-alias").click();
        browser.waitText("#aliases-table", "live");
        assertThat(http.get("/api/functions/" + fn + "/aliases/live").json().get("shadowVersion").asInt()).isEqualTo(2);

        browser.waitVisible("#alias-of-" + topic);
        new Select(browser.find("#alias-of-" + topic)).selectByValue("live");
        browser.find("#save-alias-topics").click();
        browser.waitText("#current-version", "v3");
        assertThat(http.get("/api/functions/" + fn).json().get("subscriptions").get(0).get("alias").asString())
                .isEqualTo("live");
        assertThat(http.get("/api/functions/" + fn).json().get("source").asString()).contains("event['a'] * event['b']");

        http.post("/api/topics/" + topic + "/events?wait=PT20S", "{\"a\": 2, \"b\": 3}");
        await().atMost(Duration.ofSeconds(60)).until(() -> http.get("/api/functions/" + fn
                + "/aliases/live/shadow").json().get("compared").asInt() == 1);
        assertThat(http.get("/api/invocations?function=" + fn).json().get("items").get(0).get("version").asInt())
                .as("the topic ran live's version").isEqualTo(1);
        browser.open("#/functions/" + fn);
        browser.waitVisible("button[aria-label='Compare the shadow of live']").click();
        browser.waitText("#shadow-summary", "1 event compared: 0 the same, 1 different");
        assertThat(browser.find("#shadow-differences").getText()).contains("{\"sum\":5}", "{\"sum\":6}");
        browser.screenshot("aliases-01-shadow");

        // move live to version 2 and back (a rollback), from the same form
        browser.find("#alias-name").sendKeys("live");
        browser.js("document.querySelector('#alias-name').dispatchEvent(new Event('change'))");
        new Select(browser.find("#alias-version")).selectByValue("2");
        new Select(browser.find("#alias-shadow")).selectByValue("");
        browser.find("#save-alias").click();
        browser.waitText("#aliases-table tr[data-alias='live']", "v2");
        assertThat(http.get("/api/functions/" + fn + "/aliases/live").json().get("version").asInt()).isEqualTo(2);
        assertThat(http.get("/api/functions/" + fn + "/aliases/live").json().get("shadowVersion").isNull()).isTrue();

        browser.emulateWidth(390, 844);
        browser.open("#/functions/" + fn);
        browser.waitVisible("#alias-form");
        assertNoSidewaysScrolling("#/functions/" + fn);
        browser.screenshot("aliases-02-narrow");
    }

    @Test
    void aLayerIsMadeFromAWheelFileShownAndDeleted() throws IOException {
        String layer = unique("ui-layer");
        Path dir = Files.createDirectories(Path.of("target", "ui-uploads"));
        Path wheel = Files.write(dir.resolve("uitools-1.0-py3-none-any.whl"),
                PackagesApiIT.wheel("uitools", "1.0", "uitools", "def double(n):\n    return 2 * n\n")).toAbsolutePath();

        browser.open("#/layers");
        browser.waitVisible("#layer-form");
        // requirements need a wheelhouse or an index, which this app has not: the refusal says so
        browser.find("#layer-name").sendKeys(layer);
        browser.find("#layer-requirements").sendKeys("uitools==1.0");
        browser.find("#layer-submit").click();
        browser.waitText("#layer-form .form-errors", "faas.python.wheelhouse");
        browser.find("#layer-requirements").clear();
        browser.find("#layer-wheels").sendKeys(wheel.toString());
        browser.find("#layer-submit").click();
        browser.waitText("#layers-table", layer);
        assertThat(browser.find("#layers-table tr[data-layer='" + layer + "']").getText())
                .contains("uitools-1.0-py3-none-any.whl");
        assertThat(http.get("/api/layers/" + layer).json().get("sources").get(0).asString())
                .isEqualTo("uitools-1.0-py3-none-any.whl");
        browser.screenshot("layers-01-made");

        browser.find("button[aria-label='Delete layer " + layer + "']").click();
        browser.waitVisible("dialog[open]");
        browser.find("dialog[open] button[value='ok']").click();
        browser.until(d -> browser.all("#layers-table tr[data-layer='" + layer + "']").isEmpty());
        assertThat(http.get("/api/layers/" + layer).status()).isEqualTo(404);

        browser.emulateWidth(390, 844);
        browser.open("#/layers");
        browser.waitVisible("#layer-form");
        assertNoSidewaysScrolling("#/layers");
        browser.screenshot("layers-02-narrow");
    }

    @Test
    void aViewerSeesNoControlThatChangesAnything() {
        String topic = topic();
        String fn = unique("viewed");
        assertThat(http.post("/api/functions", python(fn, topic)).status()).isEqualTo(201);
        http.post("/api/topics/" + topic + "/events?wait=PT20S", "{\"a\": 1, \"b\": 1}");
        String viewer = http.post("/api/tokens", Map.of("name", unique("ui-viewer"), "role", "viewer")).json()
                .get("token").asString();
        signOut();
        browser.signIn(viewer);
        try {
            browser.waitText("#whoami", "viewer");
            for (String page : List.of("#/functions", "#/functions/" + fn, "#/topics", "#/topics/" + topic, "#/logs",
                    "#/dead-letters")) {
                browser.open(page);
                browser.waitText("#whoami", "viewer");
                @SuppressWarnings("unchecked")
                List<String> offered = (List<String>) browser.js("""
                        return [...document.querySelectorAll('main button, main a.btn, main form, .nav a')]
                          .filter(e => e.offsetParent !== null)
                          .map(e => e.textContent.trim() + ' ' + (e.getAttribute('aria-label') || ''))
                          .filter(t => /Delete|Edit|New function|Create|Redrive|Roll back|Publish|Tokens|Audit/.test(t));""");
                assertThat(offered).as("controls a viewer may not use, on " + page).isEmpty();
            }
            assertThat(browser.find(".nav").getText()).contains("Functions", "Topics", "Output logs", "Dead letters");
            browser.open("#/functions");
            browser.screenshot("viewer-01-functions");
        } finally {
            signOut();
        }
    }

    @Test
    void diagnosticsWrapBetweenWordsInANarrowWindow() throws IOException {
        String topic = topic();
        String fn = unique("wrapping");
        assertThat(http.post("/api/functions", python(fn, topic)).status()).isEqualTo(201);
        browser.emulateWidth(390, 844);

        browser.open("#/functions/new");
        browser.find("#fn-name").sendKeys(unique("refused"));
        browser.find("#pick-topic-" + topic).click();
        browser.find("#fn-file").sendKeys(file("long.py", "import os, sys, json, collections\n"
                + "def handler(event, context):\n    return undefined_total_amount + another_missing_one\n")
                .toString());
        browser.waitText(".file-diagnostics", "undefined_total_amount");
        browser.find("#fn-submit").click();
        browser.waitText(".form-errors .alert", "undefined_total_amount");
        assertThat(brokenWords(".diag-msg, .alert-detail")).as("words broken across lines").isEmpty();
        assertNoSidewaysScrolling("#/functions/new");
        browser.screenshot("narrow-diagnostics-01-refused-upload");

        browser.open("#/functions/" + fn + "/edit");
        browser.waitVisible("#code-editor .CodeMirror");
        browser.js("document.querySelector('#code-editor .CodeMirror').CodeMirror.setValue(arguments[0])",
                "import collections\ndef handler(event, context):\n    return undefined_total_amount\n");
        browser.waitText("#code-editor .cm-diag-widget-error", "undefined_total_amount");
        assertThat(brokenWords(".cm-diag-widget")).as("words broken across lines in the editor").isEmpty();
        browser.screenshot("narrow-diagnostics-02-editor");
    }

    /** Words (runs of non-space) of the matching elements' text that the browser laid out over two lines. */
    @SuppressWarnings("unchecked")
    private static List<String> brokenWords(String css) {
        return (List<String>) browser.js("""
                const broken = [];
                for (const el of document.querySelectorAll(arguments[0])) {
                  const walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
                  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
                    for (const m of node.data.matchAll(/\\S+/g)) {
                      const range = document.createRange();
                      range.setStart(node, m.index);
                      range.setEnd(node, m.index + m[0].length);
                      const tops = new Set([...range.getClientRects()].map(r => Math.round(r.top)));
                      if (tops.size > 1) broken.push(m[0]);
                    }
                  }
                }
                return broken;""", css);
    }

    private static void signOut() {
        browser.find("#signout").click();
        browser.until(d -> d.getCurrentUrl().endsWith("/signin.html"));
        signedIn = false;
    }

    /** No part of the page reaches beyond the window's width (sideways scrolling), naming what does when it fails. */
    private static void assertNoSidewaysScrolling(String page) {
        long overflow = ((Number) browser.js(
                "return document.documentElement.scrollWidth - document.documentElement.clientWidth")).longValue();
        assertThat(overflow).as("sideways scrolling on %s, from %s", page, browser.js("""
                const w = document.documentElement.clientWidth;
                const clipped = e => { for (let p = e.parentElement; p; p = p.parentElement) {
                  if (getComputedStyle(p).overflowX !== 'visible') return true; } return false; };
                return [...document.querySelectorAll('body *')]
                  .filter(e => e.getBoundingClientRect().right > w + 1 && !clipped(e))
                  .slice(0, 5).map(e => e.tagName + '.' + e.className + ' ' + Math.round(e.getBoundingClientRect().right));
                """)).isLessThanOrEqualTo(0);
        assertThat(cutOffTables()).as("tables wider than their box on " + page).isEmpty();
    }

    /** Tables whose scroll box hides part of them: at 390 px every table is a list of cards that fits. */
    @SuppressWarnings("unchecked")
    private static List<String> cutOffTables() {
        return (List<String>) browser.js("""
                return [...document.querySelectorAll('.table-wrap')]
                  .filter(w => w.offsetParent !== null && w.scrollWidth > w.clientWidth + 1)
                  .map(w => { const t = w.querySelector('table'); return (t && t.id) || w.className; });""");
    }

    /** The page's markup and the values of its inputs. */
    private static String shown() {
        return browser.driver().getPageSource() + "\n"
                + browser.js("return [...document.querySelectorAll('input')].map((i) => i.value).join('\\n')");
    }

    /** Replaces the text of the CodeMirror editor inside {@code host} by typing it, as a person would. */
    private static void typeInEditor(String host, String text) {
        browser.find(host + " .CodeMirror").click();
        WebElement input = browser.active();
        input.sendKeys(Keys.chord(Keys.CONTROL, "a"), Keys.DELETE);
        input.sendKeys(text);
    }

    @Test
    void aZipUploadedOnTheFormIsAPackageWhosePageListsItsFilesAndWhichIsEditedWithoutANewZip() throws IOException {
        String topic = topic();
        String fn = unique("uipkg");
        Path zip = Files.write(Files.createDirectories(Path.of("target", "ui-uploads")).resolve(fn + ".zip"),
                PackagesApiIT.zip("shop/__init__.py", "", "shop/main.py",
                        "from shop.tax import gross\ndef handle(event, context):\n    return gross(event['net'])\n",
                        "shop/tax.py", "def gross(net):\n    return net * 2\n")).toAbsolutePath();
        browser.go("#/functions/new");
        browser.find("#fn-name").sendKeys(fn);
        browser.find("#pick-topic-" + topic).click();
        WebElement handler = browser.find("#fn-handler");
        handler.clear();
        handler.sendKeys("shop.main.handle");
        browser.find("#fn-file").sendKeys(zip.toString());
        browser.waitText(".file-diagnostics", "a package");
        browser.find("#fn-submit").click();
        browser.until(d -> d.getCurrentUrl().endsWith("#/functions/" + fn));
        browser.waitReady();
        assertThat(browser.waitText("#package-table", "shop/tax.py").getText()).contains("shop/main.py",
                "shop/__init__.py");
        browser.screenshot("package-01-detail");

        browser.go("#/functions/" + fn + "/edit");
        browser.waitVisible("#timing-summary").click();
        WebElement timeout = browser.waitVisible("#fn-timeout");
        timeout.clear();
        timeout.sendKeys("7s");
        browser.find("#fn-submit").click();
        browser.until(d -> d.getCurrentUrl().endsWith("#/functions/" + fn));
        browser.waitReady();
        browser.waitText("#current-version", "v2");
        FunctionVersion v2 = faasClient.functions().get(fn).orElseThrow();
        assertThat(v2.isPackage()).isTrue();
        assertThat(v2.packageDigest()).isEqualTo(faasClient.functions().get(fn, 1).orElseThrow().packageDigest());
        assertThat(v2.spec().timeout()).isEqualTo(java.time.Duration.ofSeconds(7));
    }

    private static Path file(String name, String content) throws IOException {
        Path dir = Files.createDirectories(Path.of("target", "ui-uploads"));
        return Files.writeString(dir.resolve(name), content).toAbsolutePath();
    }
}
