package io.faas.examples.admin.api;

import io.faas.examples.admin.api.RedriveJobs.Job;
import io.faas.examples.admin.api.RedriveJobs.Preview;
import io.faas.examples.admin.api.RedriveJobs.Selection;
import io.faas.examples.admin.security.Callers;
import io.faas.examples.admin.security.TokenAuthentication;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.util.UriComponentsBuilder;

import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;

/**
 * {@code /api/redrives}: bulk redrive of the FAILED and TIMED_OUT records of a function, a time
 * range and an error type, as a job that is followed by {@code GET}. The time range is required and
 * at most {@link #MAX_RANGE}, so a selection is never the whole ledger.
 */
@RestController
@RequestMapping("/api/redrives")
class RedriveController {

    static final Duration MAX_RANGE = Duration.ofDays(31);

    /** Body of {@code POST}: {@code from} and {@code to} (instants) required, {@code function} and {@code errorType} optional. */
    record RedriveRequest(String function, String from, String to, String errorType) {
    }

    private final RedriveJobs jobs;

    RedriveController(RedriveJobs jobs) {
        this.jobs = jobs;
    }

    /** How many records a {@code POST} of the same selection would redrive, and of which error types. */
    @GetMapping("/preview")
    Preview preview(@RequestParam(required = false) String function, @RequestParam(required = false) String from,
                    @RequestParam(required = false) String to, @RequestParam(required = false) String errorType) {
        return jobs.preview(selection(new RedriveRequest(function, from, to, errorType)));
    }

    /** 202 with the job and its {@code Location}; the job runs on. */
    @PostMapping
    ResponseEntity<Job> start(@RequestBody RedriveRequest request, UriComponentsBuilder uri) {
        Requests.require(request, "a JSON object with 'from' and 'to', and optionally 'function' and 'errorType'");
        Selection s = selection(request);
        String who = Callers.current().map(TokenAuthentication::getName).orElse(Callers.ANONYMOUS);
        try {
            Job job = jobs.start(s, who);
            return ResponseEntity.accepted().location(uri.path("/api/redrives/{id}").build(job.id())).body(job);
        } catch (RedriveJobs.TooManyJobsException e) {
            throw new ResponseStatusException(HttpStatus.TOO_MANY_REQUESTS, e.getMessage());
        }
    }

    @GetMapping
    List<Job> list() {
        return jobs.list();
    }

    @GetMapping("/{id}")
    Job get(@PathVariable String id) {
        return jobs.find(id).orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND,
                "there is no bulk redrive '" + Requests.shown(id) + "' (jobs are kept in memory: the newest "
                        + RedriveJobs.KEPT + ", until the app restarts)"));
    }

    private static Selection selection(RedriveRequest r) {
        Instant from = instant(r.from(), "from");
        Instant to = instant(r.to(), "to");
        if (!to.isAfter(from)) {
            throw new IllegalArgumentException("'to' must be after 'from'");
        }
        if (Duration.between(from, to).compareTo(MAX_RANGE) > 0) {
            throw new IllegalArgumentException("the time range from 'from' to 'to' must be at most 31 days");
        }
        return new Selection(blankToNull(r.function()), from, to, blankToNull(r.errorType()));
    }

    private static Instant instant(String text, String field) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("'" + field + "' is required: a bulk redrive needs a time range,"
                    + " such as 2026-01-31T12:00:00Z");
        }
        try {
            return Instant.parse(text.trim());
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("'" + field + "' must be an instant such as 2026-01-31T12:00:00Z, not '"
                    + Requests.shown(text) + "'");
        }
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.trim();
    }
}
