package io.faas.examples.admin.api;

import io.faas.api.InvocationPage;
import io.faas.api.Replay;
import io.faas.api.ReplayNotFoundException;
import io.faas.api.ReplayRequest;
import io.faas.core.FaasClient;
import io.faas.examples.admin.api.Views.InvocationView;
import io.faas.examples.admin.api.Views.PageView;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.ObjectMapper;

import java.time.Instant;
import java.util.List;

/**
 * {@code /api/replays}: a function version run again over a topic's retained events, with its own
 * records, progress and cancel (see {@link io.faas.api.Replays}).
 */
@RestController
@RequestMapping("/api/replays")
class ReplayController {

    private final FaasClient faas;
    private final ObjectMapper json;

    ReplayController(FaasClient faas, ObjectMapper json) {
        this.faas = faas;
        this.json = json;
    }

    /**
     * Body of {@code POST}: {@code name}, {@code topic}, {@code function} are needed;
     * {@code version} (left out: the current one), and {@code fromOffset} or {@code from} (an
     * instant; left out: the earliest retained event), {@code to} (an instant; left out: the end of
     * each partition now).
     */
    record ReplayBody(String name, String topic, String function, Integer version, Long fromOffset, String from,
                      String to) {
    }

    /** A replay and its progress; {@code rate} is events recorded per second. */
    record ReplayView(String id, String name, String topic, String function, int version, Long fromOffset,
                      Instant from, Instant to, String status, long total, long done, long failed, double rate,
                      Instant startedAt, Instant finishedAt, String error) {
        static ReplayView of(Replay r) {
            ReplayRequest q = r.request();
            return new ReplayView(r.id(), q.name(), q.topic(), q.function(), r.version(), q.fromOffset(), q.from(),
                    q.to(), r.status().name(), r.total(), r.done(), r.failed(), Math.round(r.rate() * 10) / 10.0,
                    r.startedAt(), r.finishedAt(), r.error());
        }
    }

    @PostMapping
    @ResponseStatus(HttpStatus.CREATED)
    ReplayView start(@RequestBody ReplayBody body) {
        ReplayBody b = Requests.require(body, "a replay");
        ReplayRequest request = new ReplayRequest(Requests.required(b.name(), "name"),
                Requests.required(b.topic(), "topic"), Requests.required(b.function(), "function"),
                b.version() == null ? 0 : b.version(), b.fromOffset(), InvocationController.instant(b.from(), "from"),
                InvocationController.instant(b.to(), "to"));
        return ReplayView.of(faas.replays().start(request));
    }

    @GetMapping
    List<ReplayView> list() {
        return faas.replays().list().stream().map(ReplayView::of).toList();
    }

    @GetMapping("/{id}")
    ReplayView get(@PathVariable String id) {
        return ReplayView.of(faas.replays().get(id)
                .orElseThrow(() -> new ReplayNotFoundException(Requests.shown(id))));
    }

    @PostMapping("/{id}/cancel")
    ReplayView cancel(@PathVariable String id) {
        try {
            return ReplayView.of(faas.replays().cancel(id));
        } catch (ReplayNotFoundException e) {
            throw new ReplayNotFoundException(Requests.shown(id)); // the id as a person sent it, shortened
        }
    }

    /** The replay's records, newest first, as {@code GET /api/invocations} pages them. */
    @GetMapping("/{id}/invocations")
    PageView invocations(@PathVariable String id, @RequestParam(required = false) String limit,
                         @RequestParam(required = false) String cursor) {
        InvocationPage page;
        try {
            page = faas.replays().invocations(id, InvocationController.limit(limit),
                    cursor == null || cursor.isBlank() ? null : cursor);
        } catch (ReplayNotFoundException e) {
            throw new ReplayNotFoundException(Requests.shown(id));
        }
        return new PageView(page.items().stream().map(i -> InvocationView.of(i, json)).toList(), page.nextCursor());
    }
}
