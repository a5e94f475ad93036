package io.faas.examples.admin;

import io.faas.examples.admin.Http.Response;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The web UI works without the internet: every page, and every script, style sheet, module and
 * image they load (followed to the end), is served by the app and names no asset on another host.
 */
class OfflineAssetsIT extends AbstractAdminIT {

    private static final List<String> PAGES = List.of("/", "/api.html", "/signin.html");

    /** src/href attributes of HTML and SVG. */
    private static final Pattern ATTRIBUTE = Pattern.compile("\\b(?:src|href|xlink:href)\\s*=\\s*[\"']([^\"']*)[\"']");
    /** url(...) and @import in CSS. */
    private static final Pattern CSS_URL = Pattern.compile("url\\(\\s*['\"]?([^'\")]+)['\"]?\\s*\\)|@import\\s+['\"]([^'\"]+)['\"]");
    /** Static and dynamic imports of JavaScript modules. */
    private static final Pattern JS_IMPORT = Pattern.compile(
            "^\\s*import\\s+(?:[\\w{}*\\s,]+\\s+from\\s+)?['\"]([^'\"]+)['\"]|\\bimport\\(\\s*['\"]([^'\"]+)['\"]",
            Pattern.MULTILINE);
    /** Anything in a script that would fetch from another host. */
    private static final Pattern JS_REMOTE = Pattern.compile(
            "(?:fetch|EventSource|WebSocket|importScripts|import)\\s*\\(\\s*['\"`](?:https?:)?//|\\.src\\s*=\\s*['\"`](?:https?:)?//");
    private static final Pattern EXTERNAL = Pattern.compile("^(?:[a-z][a-z0-9+.-]*:)?//", Pattern.CASE_INSENSITIVE);

    @Test
    void everyPageAndAssetIsServedHereAndNamesNoOtherHost() {
        Set<String> seen = new LinkedHashSet<>();
        Deque<String> todo = new ArrayDeque<>(PAGES);
        while (!todo.isEmpty()) {
            String path = todo.pop();
            if (!seen.add(path)) {
                continue;
            }
            Response r = http.get(path);
            assertThat(r.status()).as("GET " + path).isEqualTo(200);
            String body = r.body();
            for (String ref : references(path, body)) {
                assertThat(EXTERNAL.matcher(ref).find()).as(path + " refers to " + ref).isFalse();
                if (ref.startsWith("#") || ref.startsWith("data:") || ref.startsWith("mailto:")) {
                    continue;
                }
                String resolved = URI.create(path).resolve(ref).getPath();
                if (isAsset(resolved)) {
                    todo.add(resolved);
                }
            }
            if (path.endsWith(".js")) {
                assertThat(JS_REMOTE.matcher(body).find()).as(path + " fetches from another host").isFalse();
            }
        }
        assertThat(seen).as("what the UI loads").contains("/app/main.js", "/app/app.css", "/app/pages/logs.js",
                "/webjars/codemirror/lib/codemirror.js", "/webjars/codemirror/mode/python/python.js",
                "/webjars/uplot/dist/uPlot.iife.min.js", "/webjars/uplot/dist/uPlot.min.css");
    }

    private static List<String> references(String path, String body) {
        Pattern pattern = path.endsWith(".css") ? CSS_URL : path.endsWith(".js") ? JS_IMPORT : ATTRIBUTE;
        Set<String> refs = new LinkedHashSet<>();
        Matcher m = pattern.matcher(body);
        while (m.find()) {
            String ref = m.group(1) != null ? m.group(1) : m.group(2);
            if (path.endsWith(".svg") && ref.startsWith("http://www.w3.org/")) {
                continue; // an XML namespace, not something to load
            }
            refs.add(ref.trim());
        }
        return List.copyOf(refs);
    }

    /** What a browser would load from the page: not links to the API or to the health endpoint. */
    private static boolean isAsset(String path) {
        return path.endsWith(".js") || path.endsWith(".css") || path.endsWith(".svg") || path.endsWith(".png")
                || path.endsWith(".html") || path.equals("/");
    }
}
